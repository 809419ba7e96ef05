"""Convocations: content check, bulk notice rows with an ICS file each, PDF per student on demand.

Set-based (3,000 students × 8 exams): the rows are read as plain tuples (no model instances), the
parts shared by an exam are computed once per exam, ``Notice`` rows are inserted with
``bulk_create(ignore_conflicts=True)`` on their unique key (a re-run never sends twice) and the sends
are queued on commit. ``core.notices.services.notice_enqueue`` is per row (several queries each);
this bulk variant keeps its guarantees: the kind's templates are dry-run rendered (strict) once per
exam before anything is written, and the context is plain JSON (decision EO-06).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Document, Notice, User
from core.notices.rendering import render_notice
from core.notices_registry import get_kind
from exams.ics import IcsItem, ics_calendar
from exams.models import Convocation, EventNature, ExamEvent, ExamSession
from exams.notices import CONVOCATION
from exams.rules.content import ContentCheck
from exams.rules.convocations import Convocation as ConvocationContent
from exams.rules.convocations import check_convocation_content
from exams.selectors_orals import PassageInfo
from exams.services.common import SessionProfile, fmt_date, fmt_time

NONE_ALLOWED = "Aucun (UTC-2.03-default-no-docs : sans indication, rien n'est autorisé)"
KEY_BATCH = 2000


def _allowed(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if h else f"{m} min"


@dataclass(frozen=True)
class Row:
    """One convocation as the bulk path reads it (a tuple, not a model instance)."""

    pk: int
    event_id: int
    student_id: int
    room_code: str | None
    room_name: str | None
    seat_number: int | None
    anonymity_number: int | None
    end: datetime
    accommodations: tuple[str, ...]
    individual_required: bool
    user_id: int
    email: str
    first_name: str
    last_name: str

    @classmethod
    def of(cls, c: Convocation) -> Row:
        user = c.student.user
        return cls(c.pk, c.event_id, c.student_id, c.room.code if c.room else None, c.room.name if c.room else None,
                   c.seat_number, c.anonymity_number, c.end, tuple(c.accommodations), c.individual_required,
                   user.pk, user.email, user.first_name, user.last_name)

    @property
    def room_label(self) -> str:
        return f"{self.room_code} — {self.room_name}" if self.room_code else ""


_FIELDS = ("pk", "event_id", "student_id", "room__code", "room__name", "seat_number", "anonymity_number", "end",
           "accommodations", "individual_required", "student__user_id", "student__user__email",
           "student__user__first_name", "student__user__last_name")


@dataclass(frozen=True)
class EventPart:
    """What every convocation of one exam shares (computed once per exam)."""

    event: ExamEvent
    context: dict[str, object]
    ics_title: str
    ics_description: str


def event_part(event: ExamEvent) -> EventPart:
    nature = str(event.get_nature_display())
    context: dict[str, object] = {
        "module_title": f"{event.module.code} {event.module.title}",
        "nature": nature,
        "date": fmt_date(event.start),
        "start": fmt_time(event.start),
        "allowed_documents": ", ".join(_allowed(event.allowed_documents)) or NONE_ALLOWED,
        "allowed_materials": ", ".join(_allowed(event.allowed_materials)) or NONE_ALLOWED,
        "session_title": event.session.title,
        "changed": event.change_count > 0,
        "url": settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:convocation_detail", args=[event.pk]),
    }
    return EventPart(event, context, f"{_('Examen')} {event.module.code} {event.module.title}",
                     f"{nature} — {event.session.title}")


def row_context(row: Row, part: EventPart, passage: PassageInfo | None = None) -> dict[str, object]:
    context: dict[str, object] = {
        **part.context,
        "student_name": f"{row.first_name} {row.last_name}".strip() or row.email,
        "end": fmt_time(row.end),
        "duration": _duration(int((row.end - part.event.start).total_seconds() // 60)),
        "room": row.room_label,
        "seat": str(row.seat_number or ""),
        "anonymity_number": str(row.anonymity_number or ""),
        "accommodations": ", ".join(row.accommodations),
    }
    if passage is not None:
        context.update(oral_context(passage, row.room_label))
    return context


def oral_context(passage: PassageInfo, room_label: str) -> dict[str, object]:
    """A published oral passage replaces the exam's times with the candidate's own (STRAS-80): convoked
    at the start of their preparation, heard by their panel at their passage time."""
    prep = int((passage.start - passage.preparation_start).total_seconds() // 60)
    length = _duration(int((passage.end - passage.start).total_seconds() // 60))
    if prep:
        duration = _("%(d)s d'épreuve après %(p)s de préparation ; passage devant le jury à %(s)s") % {
            "d": length, "p": _duration(prep), "s": fmt_time(passage.start)}
    else:
        duration = _("%(d)s d'épreuve ; passage devant le jury à %(s)s") % {"d": length, "s": fmt_time(passage.start)}
    room = passage.room or room_label
    return {
        "start": fmt_time(passage.preparation_start), "end": fmt_time(passage.end), "duration": duration,
        "room": f"{room} — {_('jury')} {passage.panel}" if room else f"{_('jury')} {passage.panel}",
        "preparation_start": fmt_time(passage.preparation_start), "passage_start": fmt_time(passage.start),
        "panel": passage.panel,
    }


def row_ics(row: Row, part: EventPart, seat_label: str, passage: PassageInfo | None = None) -> IcsItem:
    seat = seat_label % {"n": row.seat_number} if row.seat_number else ""
    start, end, room = part.event.start, row.end, row.room_label
    sequence = part.event.change_count
    if passage is not None:
        start, end, room = passage.preparation_start, passage.end, str(oral_context(passage, row.room_label)["room"])
        sequence += passage.version
    return IcsItem(uid=f"exam-{row.event_id}-{row.student_id}@cursus", title=part.ics_title, start=start,
                   end=end, location=", ".join(x for x in (room, seat) if x),
                   description=part.ics_description, sequence=sequence)


def _passage_of(convocation: Convocation) -> PassageInfo | None:
    if convocation.event.nature != EventNature.ORAL:
        return None
    from exams.selectors_orals import published_passages

    return published_passages([convocation.event_id]).get((convocation.event_id, convocation.student_id))


def convocation_context(convocation: Convocation) -> dict[str, object]:
    """Every mention of one convocation (UTC-2.02-convocation-content, STRAS-28), JSON-ready; an oral's
    published passage gives the candidate's personal times."""
    return row_context(Row.of(convocation), event_part(convocation.event), _passage_of(convocation))


def ics_item(convocation: Convocation) -> IcsItem:
    return row_ics(Row.of(convocation), event_part(convocation.event), _("place %(n)s"), _passage_of(convocation))


def convocation_content(row: Row, event: ExamEvent) -> ConvocationContent:
    return ConvocationContent(
        module_title=event.module.title, nature=str(event.get_nature_display()), start=event.start, end=row.end,
        duration=row.end - event.start, room=row.room_name, seat=str(row.seat_number) if row.seat_number else None,
        allowed_documents=_allowed(event.allowed_documents), allowed_materials=_allowed(event.allowed_materials),
        seats_assigned=row.seat_number is not None,
    )


def check_contents(rows: Iterable[Row], events: dict[int, ExamEvent], profile: SessionProfile
                   ) -> list[tuple[Row, ContentCheck]]:
    """Required mentions (UTC-2.02-convocation-content, STRAS-28): they only vary with the exam, the
    room and whether a seat is given, so one check per group."""
    value = profile["exams.convocation_required_fields"]
    out = []
    seen: set[tuple[int, str | None, bool]] = set()
    for row in rows:
        group = (row.event_id, row.room_code, row.seat_number is None)
        if group in seen:
            continue
        seen.add(group)
        check = check_convocation_content(value, convocation_content(row, events[row.event_id]), preset=profile.preset)
        if not check.complete:
            out.append((row, check))
    return out


def convocation_key(event_id: int, student_id: int, version: int, passage_version: int | None = None) -> str:
    """One key per exam change (and, for an oral, per change of the candidate's own passage: only the
    candidates whose passage moved get a new key, so only they are notified again)."""
    base = f"convocation:{event_id}:{student_id}:{version}"
    return base if passage_version is None else f"{base}:p{passage_version}"


def convocations_notify(*, session: ExamSession, events: Iterable[ExamEvent] | None = None,
                        now: datetime | None = None, profile: SessionProfile | None = None) -> int:
    """Queue one ``exams.convocation`` notice per candidate and exam (key with the change counter).

    Refuses (before writing) when a convocation lacks a required mention. Returns the number of
    notice rows created (existing keys are skipped)."""
    profile = profile or SessionProfile(session)
    now = now or timezone.now()
    event_qs = ExamEvent.objects.filter(session=session).select_related("module", "session", "assessment")
    if events is not None:
        event_qs = event_qs.filter(pk__in=[e.pk for e in events])
    by_id = {e.pk: e for e in event_qs}
    rows = [Row(*values) for values in Convocation.objects.filter(event_id__in=list(by_id))
            .values_list(*_FIELDS).order_by("event_id", "id")]
    incomplete = check_contents(rows, by_id, profile)
    if incomplete:
        row, check = incomplete[0]
        check.raise_if_incomplete("exams.convocation_incomplete",
                                  _("Convocation incomplète pour « %(e)s » : %(f)s.")
                                  % {"e": by_id[row.event_id].title, "f": ", ".join(check.missing)})
    kind = get_kind(CONVOCATION)
    assert kind is not None
    passages = _published_passages([pk for pk, e in by_id.items() if e.nature == EventNature.ORAL])
    parts: dict[int, EventPart] = {}
    rules: dict[tuple[int, bool], str] = {}
    ct = ContentType.objects.get_for_model(Convocation)
    calendar_name, seat_label = _("Convocation"), _("place %(n)s")
    notices: list[Notice] = []
    for row in rows:
        part = parts.get(row.event_id)
        passage = passages.get((row.event_id, row.student_id))
        if part is None:
            part = parts[row.event_id] = event_part(by_id[row.event_id])
            render_notice(kind, row_context(row, part, passage), "fr")  # strict dry run once per exam
        rule_key = (row.event_id, row.individual_required)
        if rule_key not in rules:
            rules[rule_key] = _rule_for(row, by_id[row.event_id], profile)
        ics = ics_calendar([row_ics(row, part, seat_label, passage)], name=calendar_name, stamp=now)
        notices.append(Notice(
            key=convocation_key(row.event_id, row.student_id, part.event.change_count,
                                passage.version if passage else None), kind=CONVOCATION,
            rule_id=rules[rule_key], recipient_id=row.user_id, recipient_email=row.email, language="fr",
            subject_type=ct, subject_id=row.pk, context=row_context(row, part, passage),
            attachments=[{"filename": "convocation.ics", "content_type": "text/calendar", "content": ics}],
        ))
    keys = [n.key for n in notices]
    with transaction.atomic():
        before = set(_existing_ids(keys))
        Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
        created = [i for i in _existing_ids(keys) if i not in before]
        for event in by_id.values():
            Convocation.objects.filter(event=event).update(notified_version=event.change_count)
        _queue_sends(created)
    return len(created)


def _published_passages(event_ids: list[int]) -> dict[tuple[int, int], PassageInfo]:
    if not event_ids:
        return {}
    from exams.selectors_orals import published_passages

    return published_passages(event_ids)


def _queue_sends(notice_ids: list[int]) -> None:
    """One on-commit callback queues every send (core.tasks.notice_send takes one id each); a lost
    queue is recovered by the notices_redeliver beat job, which re-queues ready rows."""
    from core.tasks import notice_send

    if notice_ids:
        transaction.on_commit(lambda: [notice_send.delay(i) for i in notice_ids])


def _rule_for(row: Row, event: ExamEvent, profile: SessionProfile) -> str:
    """The individual-convocation rule when it applies (UTC finals, TOURS-VI-1-individual, STRAS-29),
    else the content rule the profile cites."""
    from exams.rules.base import cited_rules, pick
    from exams.rules.convocations import CONTENT_PARAM, individual_convocation
    from exams.services.common import slot_of

    if row.individual_required:
        decision = individual_convocation(profile["exams.convocation_lead_time"], slot=slot_of(event),
                                          exempt_from_attendance=True, preset=profile.preset)
        if decision.rule_id:
            return decision.rule_id
    return pick(cited_rules(CONTENT_PARAM, profile["exams.convocation_required_fields"], profile.preset), 0)


def _existing_ids(keys: list[str]) -> list[int]:
    out: list[int] = []
    for i in range(0, len(keys), KEY_BATCH):
        out += list(Notice.objects.filter(key__in=keys[i:i + KEY_BATCH]).values_list("id", flat=True))
    return out


def convocation_document(*, actor: User | None, convocation: Convocation) -> Document:
    """The PDF convocation of one student, issued on first download (decision EO-05) and again
    after each change of the exam (its title carries the change counter) or of the candidate's
    published oral passage (and its version, decision OR-07)."""
    from core.documents.services import document_issue, document_render_file

    event = convocation.event
    title = _("Convocation %(m)s — %(d)s (v%(v)s)") % {"m": event.module.code, "d": fmt_date(event.start),
                                                          "v": event.change_count + 1}
    passage = _passage_of(convocation)
    if passage is not None:
        title = _("Convocation %(m)s — %(d)s (v%(v)s, passage %(p)s)") % {
            "m": event.module.code, "d": fmt_date(event.start), "v": event.change_count + 1, "p": passage.version}
    ct = ContentType.objects.get_for_model(Convocation)
    existing = Document.objects.filter(subject_type=ct, subject_id=convocation.pk, title=title).first()
    if existing is not None:
        return existing
    document = document_issue(
        actor=actor, kind="exams.convocation", title=title, template="documents/exams/convocation.html",
        context={"c": convocation_context(convocation)},
        owner=convocation.student.user, component=event.session.component, subject=convocation,
    )
    return document_render_file(document_id=document.pk)
