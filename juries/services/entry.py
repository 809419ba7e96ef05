"""Entering marks: one mark, a grid of marks, undoing a batch; creating evaluations.

Every change writes a MarkChange row (old, new, actor, time, reason, batch) and each batch one
core.audit row, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDenied
from core.models import User
from courses.models import AssessmentComponent
from juries import permissions as perms
from juries.models import EntryBatch, Evaluation, Mark, MarkChange, MarkField
from juries.models.entry import BatchSource
from juries.results.services import results_schedule_recompute
from juries.services.common import MarkError, assign_raw, canonical, decimals_for

MARK_FIELDS = tuple(MarkField.values)


class EntryConflict(ApplicationError):
    """A value changed since the client loaded it (two people entering the same mark)."""

    status_code = 409


def _registered_ids(evaluation: Evaluation, user_ids: Iterable[int]) -> set[int]:
    from enrollment.selectors import students_registered_to_modules

    return set(
        students_registered_to_modules([evaluation.component.module_id]).filter(pk__in=list(user_ids))
        .values_list("pk", flat=True)
    )


def evaluation_create(*, actor: User | None, component: AssessmentComponent, date: dt.date, label: str = "",
                      session: str = "1", number: int = 1, graders: Iterable[User] = ()) -> Evaluation:
    """Create an evaluation of an assessment component and open its publication deadline
    (grades.provisional_release_max_delay, ARL-ES18.1-provisional-results, UTC-5.02-grades)."""
    from juries.services.publication import evaluation_deadline_open

    if actor is not None and not perms.can_manage_evaluations(actor, component.module):
        raise PermissionDenied(_("Seule l'équipe du module peut créer une évaluation."), code="juries.not_in_team")
    with transaction.atomic():
        evaluation = Evaluation(component=component, date=date, session=session, number=number,
                                label=label or f"{component.module.code} — {component.title}",
                                scale=component.marking_scale)
        try:
            evaluation.full_clean()
        except Exception as exc:  # ValidationError: name the fields
            fields = getattr(exc, "message_dict", {"__all__": [str(exc)]})
            raise ApplicationError("juries.invalid_evaluation", _("Évaluation invalide."), fields=fields) from None
        evaluation.save()
        graders = list(graders)
        if graders:
            evaluation.graders.set(graders)
        audit_record(actor=actor, action="juries.evaluation_created", obj=evaluation,
                     after={"component": component.pk, "date": date, "session": session, "number": number,
                            "graders": [g.pk for g in graders]})
        evaluation_deadline_open(evaluation=evaluation, actor=actor)
    return evaluation


def evaluation_update(*, actor: User | None, evaluation: Evaluation, date: dt.date | None = None,
                      label: str | None = None, graders: Iterable[User] | None = None) -> Evaluation:
    """Change an evaluation's date, label or graders; a new date moves its publication deadline."""
    from juries.services.publication import evaluation_deadline_open

    if actor is not None and not perms.can_manage_evaluations(actor, evaluation):
        raise PermissionDenied(_("Seule l'équipe du module peut modifier une évaluation."), code="juries.not_in_team")
    with transaction.atomic():
        before = {"date": evaluation.date, "label": evaluation.label,
                  "graders": sorted(g.pk for g in evaluation.graders.all())}
        if date is not None:
            evaluation.date = date
        if label is not None and label.strip():
            evaluation.label = label.strip()
        evaluation.full_clean(validate_unique=False)
        evaluation.save()
        if graders is not None:
            evaluation.graders.set(list(graders))
        after = {"date": evaluation.date, "label": evaluation.label,
                 "graders": sorted(g.pk for g in evaluation.graders.all())}
        if after == before:
            return evaluation
        audit_record(actor=actor, action="juries.evaluation_updated", obj=evaluation, before=before, after=after)
        if after["date"] != before["date"]:
            evaluation_deadline_open(evaluation=evaluation, actor=actor)
    return evaluation


def _check_can_enter(actor: User | None, evaluation: Evaluation) -> None:
    if actor is not None and not perms.can_enter_marks(actor, evaluation):
        raise PermissionDenied(
            _("Seule l'équipe du module (ou les correcteur·rice·s désigné·e·s) peut saisir ces notes."),
            code="juries.not_a_grader",
        )


def _apply(mark: Mark, field: str, new_raw: str, *, actor: User | None, batch: EntryBatch | None,
           reason: str, double: bool) -> list[MarkChange]:
    """Change one value of ``mark`` in memory and return the change rows (unsaved)."""
    changes = []
    old = mark.raw(field)
    if old != new_raw:
        assign_raw(mark, field, new_raw)
        changes.append(MarkChange(mark=mark, batch=batch, field=field, old_raw=old, new_raw=new_raw, actor=actor,
                                  reason=reason))
    # Double marking: two equal corrections become the retained mark unless one was agreed.
    if double and field != MarkField.FINAL and not mark.agreed:
        first, second = mark.raw(MarkField.FIRST), mark.raw(MarkField.SECOND)
        if first and first == second and mark.raw(MarkField.FINAL) != first:
            changes.append(MarkChange(mark=mark, batch=batch, field=MarkField.FINAL,
                                      old_raw=mark.raw(MarkField.FINAL), new_raw=first, actor=actor,
                                      reason=reason or _("Corrections concordantes")))
            assign_raw(mark, MarkField.FINAL, first)
    if field == MarkField.FINAL and changes:
        mark.agreed = bool(new_raw)
    return changes


def _save(evaluation: Evaluation, entries: Mapping[tuple[int, str], str], *, actor: User | None,
          source: str, reason: str = "", filename: str = "") -> tuple[EntryBatch | None, int]:
    """Write already-validated canonical values {(student id, field): raw} as one batch."""
    student_ids = {sid for sid, _f in entries}
    existing = {m.student_id: m for m in Mark.objects.select_for_update(of=("self",))
                .filter(evaluation=evaluation, student_id__in=student_ids).order_by("pk")}
    if evaluation.publications.exists() and not reason.strip():
        changed = [k for k, raw in entries.items()
                   if (existing[k[0]].raw(k[1]) if k[0] in existing else "") != raw]
        if changed:
            raise ApplicationError(
                "juries.reason_required",
                _("Les notes sont publiées : indiquer le motif de la modification."),
                fields={"reason": _("Motif obligatoire après publication.")},
                rule_id="ARL-ES18.1-provisional-results",
            )
    batch = EntryBatch.objects.create(evaluation=evaluation, actor=actor, source=source, reason=reason[:300],
                                      filename=filename[:255])
    double = evaluation.component.double_marking
    all_changes: list[MarkChange] = []
    for (student_id, field), raw in sorted(entries.items()):
        mark = existing.get(student_id)
        if mark is None:
            if not raw:
                continue
            mark = existing[student_id] = Mark(evaluation=evaluation, student_id=student_id)
        changes = _apply(mark, field, raw, actor=actor, batch=batch, reason=reason, double=double)
        if changes:
            mark.version += 1
            mark.full_clean(validate_unique=False, validate_constraints=False)
            mark.save()
            all_changes.extend(changes)
    if not all_changes:
        batch.delete()
        return None, 0
    MarkChange.objects.bulk_create(all_changes)
    # Semester results are recomputed once per transaction, after commit (juries.results).
    results_schedule_recompute([evaluation.component.module.semester_id])
    audit_record(actor=actor, action="juries.marks_entered", obj=batch, reason=reason,
                 after={"evaluation": evaluation.pk, "source": source, "changes": len(all_changes),
                        "filename": filename})
    return batch, len(all_changes)


def validate_entries(evaluation: Evaluation, entries: Mapping[tuple[int, str], object]
                     ) -> tuple[dict[tuple[int, str], str], dict[tuple[int, str], str]]:
    """Parse raw values: ({key: canonical}, {key: reason}) for the valid and the rejected ones."""
    decimals = decimals_for(evaluation)
    good: dict[tuple[int, str], str] = {}
    bad: dict[tuple[int, str], str] = {}
    registered = _registered_ids(evaluation, {sid for sid, _f in entries})
    with_marks = set(Mark.objects.filter(evaluation=evaluation, student_id__in={sid for sid, _f in entries})
                     .values_list("student_id", flat=True))
    for key, raw in entries.items():
        student_id, field = key
        if field not in MARK_FIELDS:
            bad[key] = _("champ inconnu : %(f)s") % {"f": field}
            continue
        if field != MarkField.FINAL and not evaluation.component.double_marking:
            bad[key] = _("l'épreuve n'est pas en double correction")
            continue
        if student_id not in registered and student_id not in with_marks:
            bad[key] = _("étudiant·e non inscrit·e au module")
            continue
        try:
            good[key] = canonical(raw, scale=evaluation.scale, decimals=decimals)
        except MarkError as exc:
            bad[key] = exc.reason
    return good, bad


def marks_save(*, actor: User | None, evaluation: Evaluation, entries: Mapping[tuple[int, str], object],
               reason: str = "", source: str = BatchSource.GRID,
               expected: Mapping[tuple[int, str], str] | None = None) -> tuple[EntryBatch | None, int]:
    """Save a grid of raw values {(student id, field): raw} as one undoable batch, all or nothing.

    Rejects the whole grid (nothing written) if any value is invalid, naming each cell.
    ``expected`` ({key: the value the client last saw}) guards against overwriting a colleague's
    concurrent entry: a cell changed meanwhile is refused (``juries.conflict``).
    """
    _check_can_enter(actor, evaluation)
    good, bad = validate_entries(evaluation, entries)
    if bad:
        raise ApplicationError(
            "juries.invalid_marks", _("Certaines notes sont invalides : rien n'a été enregistré."),
            fields={f"{sid}:{field}": reason for (sid, field), reason in bad.items()},
        )
    with transaction.atomic():
        if expected:
            _check_expected(evaluation, {k: v for k, v in expected.items() if k in good})
        return _save(evaluation, good, actor=actor, source=source, reason=reason)


def _check_expected(evaluation: Evaluation, expected: Mapping[tuple[int, str], str]) -> None:
    current = {m.student_id: m for m in Mark.objects.select_for_update(of=("self",)).filter(
        evaluation=evaluation, student_id__in={sid for sid, _f in expected}).order_by("pk")}
    conflicts = {}
    for (sid, field), seen in expected.items():
        now = current[sid].raw(field) if sid in current else ""
        if now != (seen or "").strip():
            conflicts[f"{sid}:{field}"] = _("modifiée entre-temps par quelqu'un d'autre (valeur actuelle : %(v)s)") % {
                "v": now or "—"}
    if conflicts:
        raise EntryConflict("juries.conflict", _("Des notes ont été modifiées entre-temps : rien n'a été "
                                                    "enregistré, rechargez la grille."), fields=conflicts)


def mark_set(*, actor: User | None, evaluation: Evaluation, student: User, value: object, reason: str = "",
             field: str = MarkField.FINAL, source: str = BatchSource.API, expected: str | None = None) -> Mark:
    """Set one value of one student's mark (a batch of one change); ``expected``: see marks_save."""
    marks_save(actor=actor, evaluation=evaluation, entries={(student.pk, field): value}, reason=reason,
               source=source, expected=None if expected is None else {(student.pk, field): expected})
    return (Mark.objects.filter(evaluation=evaluation, student=student).first()
            or Mark(evaluation=evaluation, student=student))


def entry_batch_undo(*, actor: User | None, batch: EntryBatch, reason: str = "") -> EntryBatch | None:
    """Undo a whole batch: every value it changed goes back to what it was before the batch.

    Refused if a later change touched one of those values (undo the later batch first), or if the
    batch was already undone. The undo is itself a batch, logged and audited.
    """
    evaluation = batch.evaluation
    _check_can_enter(actor, evaluation)
    with transaction.atomic():
        locked = EntryBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if locked.undone_at is not None:
            raise ApplicationError("juries.batch_already_undone", _("Ce lot a déjà été annulé."))
        changes = list(locked.changes.select_related("mark").order_by("at", "pk"))
        restore: dict[tuple[int, str], str] = {}
        last_new: dict[tuple[int, str], str] = {}
        for change in changes:
            key = (change.mark.student_id, change.field)
            restore.setdefault(key, change.old_raw)
            last_new[key] = change.new_raw
        later = MarkChange.objects.filter(mark__evaluation=evaluation, pk__gt=max(c.pk for c in changes),
                                          mark_id__in={c.mark_id for c in changes}) if changes else None
        if later is not None and later.exclude(batch=locked).exists():
            raise ApplicationError(
                "juries.batch_superseded",
                _("Des notes de ce lot ont été modifiées depuis : annuler d'abord les lots plus récents."),
            )
        new_batch, _n = _save(evaluation, restore, actor=actor, source=BatchSource.UNDO,
                              reason=reason or _("Annulation du lot n° %(n)s") % {"n": locked.pk})
        locked.undone_at = timezone.now()
        locked.undone_by = actor if actor is not None and actor.is_authenticated else None
        locked.save(update_fields=["undone_at", "undone_by"])
        audit_record(actor=actor, action="juries.batch_undone", obj=locked, reason=reason,
                     before={str(k[0]): v for k, v in last_new.items()},
                     after={str(k[0]): v for k, v in restore.items()})
    return new_batch
