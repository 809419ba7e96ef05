"""Oral passage schedules (exams.rules.orals; STRAS-80, TOURS-II-3-terminal-subject).

The exam office sets the timing (never shorter than the M3C's), the panels and a changeover gap, then
generates each candidate's passage; passages may be moved or swapped (re-checked, refused with the rule
id when a candidate would lose time or a panel would hear two candidates at once); publication puts each
candidate's personal passage on their convocation. A change after publication bumps only the changed
passages' ``version``: the convocation notice key carries it, so only those candidates are notified again.

Transition table (STYLE 3): ``publish`` draft → published (exam office roles of the component).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.calendar.working import PARIS
from core.errors import ApplicationError, TransitionNotAllowed
from core.models import Document, User
from enrollment.selectors import accommodations_by_user
from exams.models import (
    Convocation,
    EventNature,
    ExamEvent,
    ExamSession,
    OralPanel,
    OralPassage,
    OralSchedule,
    OralScheduleState,
    Room,
    SessionState,
)
from exams.rules import orals as rules
from exams.rules.seating import Candidate, order_candidates
from exams.services.common import SessionProfile, fmt_date, fmt_time, rule_accommodation


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str


TRANSITIONS = {"publish": Transition("publish", frozenset({OralScheduleState.DRAFT}), OralScheduleState.PUBLISHED)}


def m3c_timing(event: ExamEvent) -> rules.OralTiming:
    """What the M3C fixes: the component's duration (else the event's) and the event's preparation time."""
    minutes = (event.assessment.duration_minutes if event.assessment_id and event.assessment else None) \
        or event.duration_minutes
    return rules.OralTiming(timedelta(minutes=minutes), timedelta(minutes=event.prep_minutes))


def schedule_timing(schedule: OralSchedule) -> rules.OralTiming:
    return rules.OralTiming(timedelta(minutes=schedule.duration_minutes), timedelta(minutes=schedule.prep_minutes))


def _breaks(schedule: OralSchedule, event: ExamEvent) -> list[rules.Break]:
    if schedule.break_start is None or schedule.break_end is None:
        return []
    day = event.start.astimezone(PARIS).date()
    return [rules.Break(datetime.combine(day, schedule.break_start, tzinfo=PARIS),
                        datetime.combine(day, schedule.break_end, tzinfo=PARIS))]


def _raise(decision_or_issue: Any, field: str) -> None:
    raise ApplicationError(decision_or_issue.reason_code if hasattr(decision_or_issue, "reason_code")
                           else decision_or_issue.code, decision_or_issue.message,
                           fields={field: decision_or_issue.message}, rule_id=decision_or_issue.rule_id)


def oral_schedule_set(
    *, actor: User | None, event: ExamEvent, duration_minutes: int, prep_minutes: int, changeover_minutes: int = 0,
    break_start: time | None = None, break_end: time | None = None, prep_during_break: bool = False,
) -> OralSchedule:
    """Create or change the timing of an oral's schedule; refused when shorter than the M3C (STRAS-80)."""
    if event.nature != EventNature.ORAL:
        raise ApplicationError("exams.not_oral", _("Cette épreuve n'est pas un oral."),
                               fields={"nature": _("Réservé aux épreuves orales.")})
    if (break_start is None) != (break_end is None) or (break_start and break_end and break_end <= break_start):
        raise ApplicationError("exams.oral_break_invalid", _("Pause : indiquer un début et une fin postérieure."),
                               fields={"break_end": _("Fin de pause après son début.")})
    if duration_minutes <= 0:
        raise ApplicationError("exams.oral_duration_invalid", _("Durée de passage positive attendue."),
                               fields={"duration_minutes": _("Au moins 1 minute.")})
    profile = SessionProfile(event.session)
    requested = rules.OralTiming(timedelta(minutes=duration_minutes), timedelta(minutes=prep_minutes))
    decision = rules.check_timing(requested, m3c_timing(event), rule_value=profile[rules.PARAM], preset=profile.preset)
    if not decision.allowed:
        _raise(decision, "duration_minutes" if "duration" in decision.reason_code else "prep_minutes")
    values = {"duration_minutes": duration_minutes, "prep_minutes": prep_minutes,
              "changeover_minutes": changeover_minutes, "break_start": break_start, "break_end": break_end,
              "prep_during_break": prep_during_break}
    with transaction.atomic():
        schedule, created = OralSchedule.objects.select_for_update().get_or_create(event=event, defaults=values)
        before = {} if created else snapshot(schedule, tuple(values))
        if not created:
            for key, value in values.items():
                setattr(schedule, key, value)
        schedule.full_clean()
        schedule.save()
        audit_record(actor=actor, action="exams.oral_schedule_set", obj=schedule, before=before,
                     after=snapshot(schedule, tuple(values)), rule_id=decision.rule_id)
    return schedule


def oral_panel_add(*, actor: User | None, schedule: OralSchedule, code: str, room: Room | None = None,
                   examiners: str = "", starts_at: datetime | None = None) -> OralPanel:
    code = code.strip()
    if not code:
        raise ApplicationError("exams.oral_panel_code", _("Nom du jury obligatoire."), fields={"code": _("Obligatoire.")})
    if OralPanel.objects.filter(schedule=schedule, code=code).exists():
        raise ApplicationError("exams.oral_panel_exists", _("Ce jury existe déjà."), fields={"code": _("Déjà utilisé.")})
    with transaction.atomic():
        position = OralPanel.objects.filter(schedule=schedule).count()
        panel = OralPanel.objects.create(schedule=schedule, code=code, room=room, examiners=examiners.strip(),
                                         starts_at=starts_at, position=position)
        audit_record(actor=actor, action="exams.oral_panel_added", obj=panel,
                     after=snapshot(panel, ("code", "room", "examiners", "starts_at")))
    return panel


def oral_panel_remove(*, actor: User | None, panel: OralPanel) -> None:
    if panel.passages.exists():
        raise ApplicationError("exams.oral_panel_in_use", _("Des candidats passent devant ce jury : les déplacer "
                                                            "ou régénérer les passages d'abord."),
                               fields={"panel": _("Jury utilisé.")})
    with transaction.atomic():
        audit_record(actor=actor, action="exams.oral_panel_removed", obj=panel.schedule,
                     before=snapshot(panel, ("code", "room", "examiners")))
        panel.delete()


def _candidates(event: ExamEvent, order: str, seed: str) -> tuple[list[Candidate], dict[str, int]]:
    rows = list(Convocation.objects.filter(event=event).values_list(
        "student_id", "student__user_id", "student__user__last_name", "student__user__first_name"))
    accommodations = accommodations_by_user([r[1] for r in rows], on=event.start.astimezone(PARIS).date())
    out, percent = [], {}
    for student_id, user_id, last, first in rows:
        acc, _labels = rule_accommodation(accommodations.get(user_id, []))
        out.append(Candidate(str(student_id), last, first, acc))
        percent[str(student_id)] = int(acc.extra_time * 100)
    return order_candidates(out, order=order, seed=seed), percent


def _notify(schedule: OralSchedule, event: ExamEvent, now: datetime | None) -> int:
    """Once both the session and the schedule are published, queue the convocations whose key is new
    (the passages that changed): the others' notices already exist and are skipped."""
    from exams.services.convocations import convocations_notify

    if schedule.state != OralScheduleState.PUBLISHED:
        return 0
    session = ExamSession.objects.get(pk=event.session_id)  # fresh: the event's cached session may be stale
    if session.state != SessionState.PUBLISHED:
        return 0
    return convocations_notify(session=session, events=[event], now=now)


def oral_passages_generate(*, actor: User | None, event: ExamEvent, now: datetime | None = None) -> list[OralPassage]:
    """Lay every seated candidate out over the panels (exams.rules.orals.plan_oral); unchanged passages
    keep their version, changed ones get the next (re-notified once published)."""
    schedule = OralSchedule.objects.filter(event=event).first()
    if schedule is None:
        raise ApplicationError("exams.oral_schedule_missing", _("Définir d'abord la durée et la préparation."),
                               fields={"duration_minutes": _("Obligatoire.")})
    panels = list(schedule.panels.order_by("position", "id"))
    if not panels:
        raise ApplicationError("exams.oral_no_panel", _("Ajouter au moins un jury."), fields={"code": _("Aucun jury.")})
    session = event.session
    profile = SessionProfile(session)
    order = session.seat_order or profile["exams.seat_allocation_order"] or "alphabetical"
    candidates, percent = _candidates(event, order, f"{session.seed}:oral:{event.pk}")
    if not candidates:
        raise ApplicationError("exams.oral_no_candidates", _("Aucun candidat placé : attribuer d'abord les places."),
                               fields={"seats": _("Attribuer les places de l'épreuve.")})
    plan = rules.plan_oral(
        start=event.start, requested=schedule_timing(schedule), m3c=m3c_timing(event),
        candidates=[rules.OralCandidate(c.id, c.accommodation.extra_time) for c in candidates],
        panels=[rules.Panel(p.code, p.starts_at) for p in panels],
        changeover=timedelta(minutes=schedule.changeover_minutes), breaks=_breaks(schedule, event),
        prep_during_breaks=schedule.prep_during_break, rule_value=profile[rules.PARAM], preset=profile.preset,
    )
    if not plan.decision.allowed:
        _raise(plan.decision, "duration_minutes")
    if plan.issues:
        _raise(plan.issues[0], "passages")
    by_code: dict[str, OralPanel] = {p.code: p for p in panels}
    with transaction.atomic():
        locked = OralSchedule.objects.select_for_update().get(pk=schedule.pk)
        existing = {str(p.student_id): p for p in OralPassage.objects.filter(schedule=locked)}
        keep: list[OralPassage] = []
        for p in plan.passages:
            old = existing.pop(p.candidate_id, None)
            panel = by_code[p.panel]
            values: dict[str, Any] = {"panel": panel, "preparation_start": p.preparation_start, "start": p.start,
                                      "end": p.end, "extra_percent": percent[p.candidate_id]}
            if old is None:
                keep.append(OralPassage(schedule=locked, student_id=int(p.candidate_id), **values))
                continue
            same = (old.panel_id, old.preparation_start, old.start, old.end) == (
                panel.pk, p.preparation_start, p.start, p.end)
            for key, value in values.items():
                setattr(old, key, value)
            if not same:
                old.version += 1
            keep.append(old)
        OralPassage.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
        OralPassage.objects.bulk_create([p for p in keep if p.pk is None])
        OralPassage.objects.bulk_update([p for p in keep if p.pk is not None],
                                        ["panel", "preparation_start", "start", "end", "extra_percent", "version"])
        locked.laid_out_for = event.start
        locked.save(update_fields=["laid_out_for", "updated_at"])
        audit_record(actor=actor, action="exams.oral_passages_generated", obj=locked,
                     after={"passages": len(keep), "removed": len(existing), "order": order},
                     rule_id=plan.decision.rule_id)
        _notify(locked, event, now)
    return keep


def _rule_passage(p: OralPassage) -> rules.Passage:
    """Candidates by student id, panels by code (unique within a schedule; passages loaded with their panel)."""
    return rules.Passage(str(p.student_id), p.panel.code, p.preparation_start, p.start, p.end)


def _labels(passages: list[OralPassage]) -> dict[str, str]:
    return {str(p.student_id): f"{p.student.user.first_name} {p.student.user.last_name}".strip() for p in passages}


def _recheck(schedule: OralSchedule, event: ExamEvent, passages: list[OralPassage], moved: set[str]) -> None:
    """Refuse a hand edit that leaves an issue involving a moved candidate (rule id cited)."""
    profile = SessionProfile(event.session)
    issues = rules.check_passages(
        [_rule_passage(p) for p in passages], timing=schedule_timing(schedule),
        extra_time={str(p.student_id): Fraction(p.extra_percent, 100) for p in passages},
        changeover=timedelta(minutes=schedule.changeover_minutes), breaks=_breaks(schedule, event),
        prep_during_breaks=schedule.prep_during_break, rule_value=profile[rules.PARAM], preset=profile.preset,
        labels=_labels(passages),
    )
    mine = [i for i in issues if moved & set(i.candidate_ids)]
    if mine:
        _raise(mine[0], "start")


def _edit(actor: User | None, passage: OralPassage, changes: dict[OralPassage, tuple[OralPanel, datetime]],
          now: datetime | None, action: str) -> list[OralPassage]:
    with transaction.atomic():
        schedule = OralSchedule.objects.select_for_update(of=("self",)).select_related("event__session").get(
            pk=passage.schedule_id)
        event = schedule.event
        passages = list(OralPassage.objects.filter(schedule=schedule).select_related("student__user", "panel"))
        by_pk = {p.pk: p for p in passages}
        before, after, changed = {}, {}, []
        for target, (panel, start) in changes.items():
            if panel.schedule_id != schedule.pk:
                raise ApplicationError("exams.oral_panel_other", _("Jury d'une autre épreuve."),
                                       fields={"panel": _("Jury inconnu.")})
            p = by_pk[target.pk]
            prep, length = p.start - p.preparation_start, p.end - p.start
            before[p.pk] = [p.panel_id, p.start.isoformat()]
            if (p.panel_id, p.start) != (panel.pk, start):
                p.panel, p.panel_id, p.start = panel, panel.pk, start
                p.preparation_start, p.end = start - prep, start + length
                p.version += 1
                changed.append(p)
            after[p.pk] = [p.panel_id, p.start.isoformat()]
        if not changed:
            return []
        _recheck(schedule, event, passages, {str(p.student_id) for p in changed})
        OralPassage.objects.bulk_update(changed, ["panel", "preparation_start", "start", "end", "version"])
        audit_record(actor=actor, action=action, obj=schedule, before={"passages": before},
                     after={"passages": after})
        _notify(schedule, event, now)
    return changed


def oral_passage_move(*, actor: User | None, passage: OralPassage, panel: OralPanel, start: datetime,
                      now: datetime | None = None) -> list[OralPassage]:
    """Move a candidate's passage (their preparation and duration follow unchanged), re-checked."""
    if start.tzinfo is None:
        raise ApplicationError("exams.oral_start_invalid", _("Heure invalide."), fields={"start": _("Heure invalide.")})
    return _edit(actor, passage, {passage: (panel, start)}, now, "exams.oral_passage_moved")


def oral_passages_swap(*, actor: User | None, first: OralPassage, second: OralPassage,
                       now: datetime | None = None) -> list[OralPassage]:
    """Exchange two candidates' passage slots (each keeps their own preparation and duration), re-checked."""
    if first.schedule_id != second.schedule_id or first.pk == second.pk:
        raise ApplicationError("exams.oral_swap_invalid", _("Choisir deux candidats du même oral."),
                               fields={"other": _("Candidat invalide.")})
    return _edit(actor, first, {first: (second.panel, second.start), second: (first.panel, first.start)}, now,
                 "exams.oral_passages_swapped")


def schedule_issues(event_ids: list[int], profile: SessionProfile) -> dict[int, list[rules.OralIssue]]:
    """Issues of the schedules of these oral events (2 queries): STRAS-80 checks, stale layouts,
    candidates without a passage."""
    schedules = list(OralSchedule.objects.filter(event_id__in=event_ids).select_related("event__assessment"))
    if not schedules:
        return {}
    passages: dict[int, list[OralPassage]] = {s.pk: [] for s in schedules}
    for p in OralPassage.objects.filter(schedule__in=schedules).select_related("student__user", "panel").order_by():
        passages[p.schedule_id].append(p)
    seated = dict.fromkeys((s.event_id for s in schedules), 0)
    for event_id in Convocation.objects.filter(event_id__in=list(seated)).values_list("event_id", flat=True):
        seated[event_id] += 1
    value, out = profile[rules.PARAM], {}
    for s in schedules:
        event, rows = s.event, passages[s.pk]
        issues: list[rules.OralIssue] = []
        timing = rules.check_timing(schedule_timing(s), m3c_timing(event), rule_value=value, preset=profile.preset)
        if not timing.allowed:
            issues.append(rules.OralIssue(timing.reason_code, (), timing.rule_id, timing.message))
        if rows and s.laid_out_for != event.start:
            issues.append(rules.OralIssue("exams.oral_schedule_stale", (), "",
                                          _("« %(e)s » a changé d'horaire : régénérer les passages.") % {"e": event.title}))
        if rows and len(rows) != seated[event.pk]:
            issues.append(rules.OralIssue("exams.oral_candidates_missing", (), "",
                                          _("« %(e)s » : %(n)d candidat(s) placé(s), %(p)d passage(s).")
                                          % {"e": event.title, "n": seated[event.pk], "p": len(rows)}))
        issues += rules.check_passages(
            [_rule_passage(p) for p in rows], timing=schedule_timing(s),
            extra_time={str(p.student_id): Fraction(p.extra_percent, 100) for p in rows},
            changeover=timedelta(minutes=s.changeover_minutes), breaks=_breaks(s, event),
            prep_during_breaks=s.prep_during_break, rule_value=value, preset=profile.preset, labels=_labels(rows))
        if issues:
            out[event.pk] = issues
    return out


def oral_schedule_publish(*, actor: User | None, event: ExamEvent, now: datetime | None = None) -> OralSchedule:
    """Publish the passages: each convocation shows the candidate's personal passage (re-sent if the
    session is already published). Refused while the schedule has issues (rule id cited)."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule = OralSchedule.objects.select_for_update().filter(event=event).first()
        if schedule is None or not schedule.passages.exists():
            raise ApplicationError("exams.oral_no_passages", _("Générer d'abord les passages."),
                                   fields={"passages": _("Aucun passage.")})
        transition = TRANSITIONS["publish"]
        if schedule.state not in transition.sources:
            raise TransitionNotAllowed("exams.oral_transition_not_allowed",
                                       _("Planning déjà publié : les modifications sont envoyées aux candidats "
                                         "concernés."), fields={"state": schedule.get_state_display()})
        issues = schedule_issues([event.pk], SessionProfile(event.session)).get(event.pk, [])
        if issues:
            _raise(issues[0], "passages")
        schedule.state, schedule.published_at, schedule.published_by = transition.target, now, actor
        schedule.save(update_fields=["state", "published_at", "published_by", "updated_at"])
        sent = _notify(schedule, event, now)
        audit_record(actor=actor, action="exams.oral_schedule_published", obj=schedule,
                     after={"state": schedule.state, "notices": sent})
    return schedule


def door_list_issue(*, actor: User | None, panel: OralPanel) -> Document:
    """The passage list of one panel (door list) for the examiners, with a signature column (STRAS-34:
    presence at an oral is attested by a signature)."""
    from core.documents.services import document_issue
    from exams.selectors_orals import panel_passages

    schedule = panel.schedule
    event = schedule.event
    rows = [{"name": f"{p.student.user.last_name} {p.student.user.first_name}".strip(),
             "number": p.student.student_number, "preparation": fmt_time(p.preparation_start),
             "start": fmt_time(p.start), "end": fmt_time(p.end),
             "extra": f"+{p.extra_percent} %" if p.extra_percent else ""} for p in panel_passages(panel)]
    context = {"event_title": event.title, "module": f"{event.module.code} {event.module.title}",
               "date": fmt_date(event.start), "panel": panel.code,
               "room": f"{panel.room.code} — {panel.room.name}" if panel.room else "",
               "examiners": panel.examiner_list, "duration": schedule.duration_minutes,
               "preparation": schedule.prep_minutes, "session_title": event.session.title, "rows": rows,
               "published": schedule.published}
    return document_issue(actor=actor, kind="exams.oral_door_list",
                          title=_("Liste de passage — %(e)s — %(p)s") % {"e": event.title, "p": panel.code},
                          template="documents/exams/oral_door_list.html", context=context,
                          component=event.session.component, subject=schedule)
