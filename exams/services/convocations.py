"""Convocations: content check, bulk notice rows with an ICS file each, PDF per student on demand.

Set-based (3,000 students × 8 exams): one query for the rows, ``Notice`` rows inserted with
``bulk_create(ignore_conflicts=True)`` on their unique key (a re-run never sends twice), sends
queued on commit. ``core.notices.services.notice_enqueue`` is per row (several queries each); this
bulk variant keeps its guarantees: the kind's templates are dry-run rendered (strict) once per
exam before anything is written, and the context is plain JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from exams.models import Convocation, ExamEvent, ExamSession
from exams.notices import CONVOCATION
from exams.rules.content import ContentCheck
from exams.rules.convocations import Convocation as ConvocationContent
from exams.rules.convocations import check_convocation_content
from exams.services.common import SessionProfile, fmt_date, fmt_time

NONE_ALLOWED = "Aucun (UTC-2.03-default-no-docs : sans indication, rien n'est autorisé)"
KEY_BATCH = 2000


def _allowed(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if h else f"{m} min"


def convocation_content(row: Convocation) -> ConvocationContent:
    event = row.event
    return ConvocationContent(
        module_title=event.module.title, nature=event.get_nature_display(), start=event.start, end=row.end,
        duration=row.end - event.start, room=row.room.name if row.room else None,
        seat=str(row.seat_number) if row.seat_number else None,
        allowed_documents=_allowed(event.allowed_documents), allowed_materials=_allowed(event.allowed_materials),
        seats_assigned=row.seat_number is not None,
    )


def _event_base(event: ExamEvent, *, changed: bool) -> dict[str, object]:
    """The part of a convocation shared by every candidate of one exam (computed once per exam)."""
    return {
        "module_title": f"{event.module.code} {event.module.title}",
        "nature": str(event.get_nature_display()),
        "date": fmt_date(event.start),
        "start": fmt_time(event.start),
        "allowed_documents": ", ".join(_allowed(event.allowed_documents)) or NONE_ALLOWED,
        "allowed_materials": ", ".join(_allowed(event.allowed_materials)) or NONE_ALLOWED,
        "session_title": event.session.title,
        "changed": changed,
        "url": settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:convocation_detail", args=[event.pk]),
    }


def _row_context(row: Convocation, base: dict[str, object]) -> dict[str, object]:
    user = row.student.user
    return {
        **base,
        "student_name": user.get_full_name() or user.email,
        "end": fmt_time(row.end),
        "duration": _duration(int((row.end - row.event.start).total_seconds() // 60)),
        "room": f"{row.room.code} — {row.room.name}" if row.room else "",
        "seat": str(row.seat_number or ""),
        "anonymity_number": str(row.anonymity_number or ""),
        "accommodations": ", ".join(row.accommodations),
    }


def convocation_context(row: Convocation, *, changed: bool) -> dict[str, object]:
    """Every mention of one convocation (UTC-2.02-convocation-content, STRAS-28), JSON-ready."""
    return _row_context(row, _event_base(row.event, changed=changed))


def ics_item(row: Convocation) -> IcsItem:
    event = row.event
    where = f"{row.room.code} — {row.room.name}" if row.room else ""
    seat = _("place %(n)s") % {"n": row.seat_number} if row.seat_number else ""
    return IcsItem(
        uid=f"exam-{event.pk}-{row.student_id}@cursus", title=f"{_('Examen')} {event.module.code} {event.module.title}",
        start=event.start, end=row.end, location=", ".join(x for x in (where, seat) if x),
        description=f"{event.get_nature_display()} — {event.session.title}", sequence=event.change_count,
    )


def check_contents(rows: Sequence[Convocation], profile: SessionProfile) -> list[tuple[Convocation, ContentCheck]]:
    """Required mentions of each convocation (UTC-2.02-convocation-content, STRAS-28)."""
    value = profile["exams.convocation_required_fields"]
    out = []
    seen: set[tuple[int, int | None, bool]] = set()
    for row in rows:
        # the mentions only vary with the exam, the room and whether a seat is given: one check per group
        group = (row.event_id, row.room_id, row.seat_number is None)
        if group in seen:
            continue
        seen.add(group)
        check = check_convocation_content(value, convocation_content(row), preset=profile.preset)
        if not check.complete:
            out.append((row, check))
    return out


def _rows(session: ExamSession, events: Iterable[ExamEvent] | None) -> list[Convocation]:
    qs = Convocation.objects.filter(event__session=session).select_related(
        "event__module", "event__session", "room", "student__user")
    if events is not None:
        qs = qs.filter(event_id__in=[e.pk for e in events])
    return list(qs.order_by("event_id", "id"))


def convocation_key(row: Convocation) -> str:
    return f"convocation:{row.event_id}:{row.student_id}:{row.event.change_count}"


def convocations_notify(*, session: ExamSession, events: Iterable[ExamEvent] | None = None,
                        now: datetime | None = None, profile: SessionProfile | None = None) -> int:
    """Queue one ``exams.convocation`` notice per candidate and exam (key with the change counter).

    Refuses (before writing) when a convocation lacks a required mention. Returns the number of
    notice rows created (existing keys are skipped)."""
    profile = profile or SessionProfile(session)
    now = now or timezone.now()
    rows = _rows(session, events)
    incomplete = check_contents(rows, profile)
    if incomplete:
        row, check = incomplete[0]
        check.raise_if_incomplete("exams.convocation_incomplete",
                                  _("Convocation incomplète pour « %(e)s » : %(f)s.")
                                  % {"e": row.event.title, "f": ", ".join(check.missing)})
    kind = get_kind(CONVOCATION)
    assert kind is not None
    bases: dict[int, dict[str, object]] = {}
    rules: dict[tuple[int, bool], str] = {}
    ct = ContentType.objects.get_for_model(Convocation)
    calendar_name = _("Convocation")
    notices: list[Notice] = []
    for row in rows:
        base = bases.get(row.event_id)
        if base is None:
            base = bases[row.event_id] = _event_base(row.event, changed=row.event.change_count > 0)
            render_notice(kind, _row_context(row, base), "fr")  # strict dry run once per exam
        rule_key = (row.event_id, row.individual_required)
        if rule_key not in rules:
            rules[rule_key] = _rule_for(row, profile)
        user = row.student.user
        language = getattr(user, "preferred_language", "") or "fr"
        ics = ics_calendar([ics_item(row)], name=calendar_name, stamp=now)
        notices.append(Notice(
            key=convocation_key(row), kind=CONVOCATION, rule_id=rules[rule_key], recipient=user,
            recipient_email=user.email, language=language if language in ("fr", "en") else "fr",
            subject_type=ct, subject_id=row.pk, context=_row_context(row, base),
            attachments=[{"filename": "convocation.ics", "content_type": "text/calendar", "content": ics}],
        ))
    keys = [n.key for n in notices]
    with transaction.atomic():
        before = set(_existing_ids(keys))
        Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
        created = [i for i in _existing_ids(keys) if i not in before]
        versions: dict[int, int] = {}
        for row in rows:
            versions[row.event_id] = row.event.change_count
        for event_id, version in versions.items():
            Convocation.objects.filter(event_id=event_id).update(notified_version=version)
        _queue_sends(created)
    return len(created)


def _queue_sends(notice_ids: list[int]) -> None:
    """One on-commit callback queues every send (core.tasks.notice_send takes one id each); a lost
    queue is recovered by the notices_redeliver beat job, which re-queues ready rows."""
    from core.tasks import notice_send

    if notice_ids:
        transaction.on_commit(lambda: [notice_send.delay(i) for i in notice_ids])


def _rule_for(row: Convocation, profile: SessionProfile) -> str:
    """The individual-convocation rule when it applies (UTC finals, TOURS-VI-1-individual, STRAS-29),
    else the content rule the profile cites."""
    from exams.rules.base import cited_rules, pick
    from exams.rules.convocations import CONTENT_PARAM, individual_convocation
    from exams.services.common import slot_of

    if row.individual_required:
        decision = individual_convocation(profile["exams.convocation_lead_time"], slot=slot_of(row.event),
                                          exempt_from_attendance=True, preset=profile.preset)
        if decision.rule_id:
            return decision.rule_id
    return pick(cited_rules(CONTENT_PARAM, profile["exams.convocation_required_fields"], profile.preset), 0)


def _existing_ids(keys: list[str]) -> list[int]:
    out: list[int] = []
    for i in range(0, len(keys), KEY_BATCH):
        out += list(Notice.objects.filter(key__in=keys[i:i + KEY_BATCH]).values_list("id", flat=True))
    return out


def convocation_document(*, actor: User, convocation: Convocation) -> Document:
    """The PDF convocation of one student, issued on first download (decision EO-05) and again
    after each change of the exam (its title carries the change counter)."""
    from core.documents.services import document_issue, document_render_file

    event = convocation.event
    title = _("Convocation %(m)s — %(d)s (v%(v)s)") % {"m": event.module.code, "d": fmt_date(event.start),
                                                          "v": event.change_count + 1}
    ct = ContentType.objects.get_for_model(Convocation)
    existing = Document.objects.filter(subject_type=ct, subject_id=convocation.pk, title=title).first()
    if existing is not None:
        return existing
    document = document_issue(
        actor=actor, kind="exams.convocation", title=title, template="documents/exams/convocation.html",
        context={"c": convocation_context(convocation, changed=event.change_count > 0)},
        owner=convocation.student.user, component=event.session.component, subject=convocation,
    )
    return document_render_file(document_id=document.pk)
