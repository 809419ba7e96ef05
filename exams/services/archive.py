"""Writes of the copy archive (UTC-5.03a-retention, STRAS-113): lots opened for closed reports,
custody, litigation holds, transfer to the archives and recorded destruction.

Transfer and destruction are refused, all or nothing, for any lot whose retention has not run
(the message names each lot with its date and rule). Every write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from core.models import Component, Document, User
from exams.models import CopyLot, CopyLotState, ExamReport
from exams.permissions import OFFICE_ROLES, can_manage_copy_archive
from exams.selectors_archive import STATUS_LABELS, LotRow, copy_lot_rows, copy_lots, reports_without_lot

RULES = ("UTC-5.03a-retention", "STRAS-113")
_CUSTODY = ("storage_place", "archive_box", "handed_to")
_ACTIONS = {"transfer": "exams.copy_lot_transferred", "destroy": "exams.copy_lot_destroyed"}
_END = ("state", "transferred_on", "destroyed_on", "destroyed_by", "destruction_method", "pv_reference", "handed_to")


@dataclass(frozen=True)
class LotTransition:
    name: str
    sources: frozenset[str]
    target: str
    #: statuses (exams.selectors_archive.lot_status) in which the retention allows the move
    statuses: frozenset[str]
    roles: frozenset[str]


TRANSITIONS: dict[str, LotTransition] = {t.name: t for t in (
    LotTransition("transfer", frozenset({CopyLotState.KEPT}), CopyLotState.TRANSFERRED,
                  frozenset({"transferable", "destructible"}), frozenset(OFFICE_ROLES)),
    LotTransition("destroy", frozenset({CopyLotState.KEPT}), CopyLotState.DESTROYED,
                  frozenset({"destructible"}), frozenset(OFFICE_ROLES)),
)}


def _component_of(lot: CopyLot) -> Component:
    return lot.report.event_room.event.session.component


def _require_office(actor: User | None, component: Component) -> None:
    if actor is not None and not can_manage_copy_archive(actor, component):
        raise PermissionDenied(_("Seul le service des examens de la composante gère l'archive des copies."),
                               code="exams.archive_forbidden")


def copy_lot_for_report(report: ExamReport) -> CopyLot:
    """The lot of a closed report, created on first use with the report's copy count (ARC-01)."""
    if report.closed_at is None:
        raise ApplicationError("exams.report_not_closed", _("Le procès-verbal n'est pas clos : pas encore de lot."),
                               fields={"report": _("Procès-verbal ouvert.")})
    with transaction.atomic():
        lot, created = CopyLot.objects.get_or_create(report=report, defaults={"copies": report.copies})
        if created:
            audit_record(actor=None, action="exams.copy_lot_opened", obj=lot, after={"copies": lot.copies},
                         rule_id=RULES[0])
    return lot


def copy_lots_ensure(*, component: Component, academic_year: int) -> int:
    """Open the lots of every closed report of the component and year that has none; how many."""
    created = 0
    for report in reports_without_lot(component=component, academic_year=academic_year):
        copy_lot_for_report(report)
        created += 1
    return created


def copy_lot_update(*, actor: User | None, lot: CopyLot, storage_place: str, archive_box: str,
                    handed_to: str) -> CopyLot:
    """Where the copies are and who holds them (e.g. the module head for disputed copies, UTC-5.03a-retention)."""
    _require_office(actor, _component_of(lot))
    with transaction.atomic():
        locked = CopyLot.objects.select_for_update(of=("self",)).get(pk=lot.pk)
        if locked.state == CopyLotState.DESTROYED:
            raise ApplicationError("exams.copy_lot_destroyed", _("Ce lot a été détruit."), fields={"lot": _("Détruit.")})
        before = snapshot(locked, _CUSTODY)
        locked.storage_place, locked.archive_box, locked.handed_to = storage_place, archive_box, handed_to
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, action="exams.copy_lot_updated", obj=locked, before=before,
                     after=snapshot(locked, _CUSTODY))
    return locked


def copy_lot_hold(*, actor: User | None, lot: CopyLot, reason: str, ruling_on: date | None = None) -> CopyLot:
    """Record (or end, with ``ruling_on``) a litigation Cursus does not see itself — an appeal to the
    administrative court, a disciplinary case: the copies are kept until the final ruling (STRAS-113)."""
    _require_office(actor, _component_of(lot))
    if not reason.strip():
        raise ApplicationError("exams.copy_lot_hold_reason", _("Indiquer le contentieux en cours."),
                               fields={"hold_reason": _("Motif obligatoire.")}, rule_id="STRAS-113")
    with transaction.atomic():
        locked = CopyLot.objects.select_for_update(of=("self",)).get(pk=lot.pk)
        if locked.state != CopyLotState.KEPT:
            raise TransitionNotAllowed("exams.copy_lot_transition_not_allowed",
                                       _("Le lot n'est plus conservé par la composante."),
                                       fields={"state": locked.get_state_display()})
        before = snapshot(locked, ("hold_reason", "hold_since", "ruling_on"))
        if locked.hold_since is None or locked.hold_reason != reason:
            locked.hold_since = timezone.now()
        locked.hold_reason, locked.ruling_on = reason.strip(), ruling_on
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, action="exams.copy_lot_held", obj=locked, before=before,
                     after=snapshot(locked, ("hold_reason", "hold_since", "ruling_on")), rule_id="STRAS-113")
    return locked


def _refusal(row: LotRow, transition: LotTransition) -> str:
    event = row.event
    label = f"{event.module.code} {event.start:%d/%m/%Y} {row.lot.report.event_room.room.code}"
    when = row.action_from
    rule = (row.decision.rule_id if row.decision else "") or "/".join(RULES)
    if row.lot.state not in transition.sources:
        return _("%(l)s : lot déjà « %(s)s ».") % {"l": label, "s": row.lot.get_state_display()}
    if when is not None and row.status in ("kept", "transferable"):
        return _("%(l)s : pas avant le %(d)s (%(r)s).") % {"l": label, "d": when.strftime("%d/%m/%Y"), "r": rule}
    reasons = "; ".join(row.reasons) or str(STATUS_LABELS[row.status])
    return _("%(l)s : %(why)s (%(r)s).") % {"l": label, "why": reasons, "r": rule}


def _apply(*, actor: User | None, name: str, component: Component, academic_year: int, lot_ids: list[int],
           on: date, values: dict[str, object]) -> list[CopyLot]:
    transition = TRANSITIONS[name]
    _require_office(actor, component)
    if not lot_ids:
        raise ApplicationError("exams.copy_lots_empty", _("Sélectionner au moins un lot."),
                               fields={"lots": _("Aucun lot sélectionné.")})
    if on > timezone.localdate():
        raise ApplicationError("exams.copy_lot_future_date", _("La date ne peut pas être dans le futur."),
                               fields={"on": _("Date future.")})
    with transaction.atomic():
        locked = list(copy_lots(component=component, academic_year=academic_year)
                      .filter(pk__in=sorted(set(lot_ids))).select_for_update(of=("self",)).order_by("pk"))
        if len(locked) != len(set(lot_ids)):
            raise ApplicationError("exams.copy_lot_unknown", _("Lot inconnu pour cette composante et cette année."),
                                   fields={"lots": _("Lot inconnu.")})
        rows = copy_lot_rows(component=component, academic_year=academic_year, on=on, lots=locked)
        refused = [r for r in rows if r.lot.state not in transition.sources or r.status not in transition.statuses]
        if refused:
            first_rule = next((r.decision.rule_id for r in refused if r.decision and r.decision.rule_id), RULES[0])
            raise ApplicationError(
                "exams.copy_lot_not_destructible" if name == "destroy" else "exams.copy_lot_not_transferable",
                _("%(n)s lot(s) ne peuvent pas encore être traités ; rien n'a été enregistré.") % {"n": len(refused)},
                fields={"lots": [_refusal(r, transition) for r in refused]}, rule_id=first_rule)
        for row in rows:
            lot = row.lot
            before = snapshot(lot, _END)
            lot.state = transition.target
            for key, value in values.items():
                setattr(lot, key, value)
            lot.full_clean()
            lot.save()
            audit_record(actor=actor, action=_ACTIONS[name], obj=lot, before=before, after=snapshot(lot, _END),
                         rule_id=row.decision.rule_id if row.decision else "",
                         reason=str(values.get("pv_reference", "")))
    return locked


def copy_lots_destroy(*, actor: User | None, component: Component, academic_year: int, lot_ids: list[int],
                      on: date, method: str, pv_reference: str) -> list[CopyLot]:
    """Record the destruction of lots whose retention has run (STRAS-113: sorting and destruction per
    instruction DAF/DPACI/RES/2005/003): all refused if one is not destructible on ``on``."""
    if not pv_reference.strip() or not method.strip():
        raise ApplicationError("exams.copy_lot_destruction_incomplete",
                               _("La destruction se consigne avec son mode et la référence du procès-verbal."),
                               fields={k: _("Obligatoire.") for k, v in (("method", method),
                                                                        ("pv_reference", pv_reference))
                                       if not v.strip()}, rule_id="STRAS-113")
    return _apply(actor=actor, name="destroy", component=component, academic_year=academic_year, lot_ids=lot_ids,
                  on=on, values={"destroyed_on": on, "destroyed_by": actor, "destruction_method": method.strip(),
                                 "pv_reference": pv_reference.strip()})


def copy_lots_transfer(*, actor: User | None, component: Component, academic_year: int, lot_ids: list[int],
                       on: date, handed_to: str) -> list[CopyLot]:
    """Hand lots over to the archives once the retention has run (UTC-5.03a-retention: with the sign-in
    sheet, a copy of the subject and if possible a model answer)."""
    if not handed_to.strip():
        raise ApplicationError("exams.copy_lot_transfer_incomplete", _("Indiquer le service destinataire."),
                               fields={"handed_to": _("Obligatoire.")}, rule_id="UTC-5.03a-retention")
    return _apply(actor=actor, name="transfer", component=component, academic_year=academic_year, lot_ids=lot_ids,
                  on=on, values={"transferred_on": on, "handed_to": handed_to.strip()})


def copy_destruction_list_issue(*, actor: User | None, component: Component, academic_year: int,
                                rows: list[LotRow], on: date) -> Document:
    """The printable list of lots (to sign before destruction, or as the record of one) — PDF."""
    from core.documents.services import document_issue

    _require_office(actor, component)
    lines = [{
        "module": f"{r.event.module.code} {r.event.module.title}", "date": r.event.start.strftime("%d/%m/%Y"),
        "session": r.event.session_number, "room": r.lot.report.event_room.room.code, "copies": r.lot.copies,
        "box": r.lot.archive_box, "place": r.lot.storage_place, "status": r.status_label,
        "from": r.action_from.strftime("%d/%m/%Y") if r.action_from else "",
        "rule": r.decision.rule_id if r.decision else "", "pv": r.lot.pv_reference,
    } for r in rows]
    return document_issue(
        actor=actor, kind="exams.copy_destruction_list", template="documents/exams/copy_destruction_list.html",
        title=_("Liste des copies d'examen — %(c)s — %(y)s-%(n)s")
        % {"c": component.name, "y": academic_year, "n": academic_year + 1},
        context={"year": f"{academic_year}-{academic_year + 1}",
                 "on": on.strftime("%d/%m/%Y"), "lots": lines, "copies": sum(r.lot.copies for r in rows)},
        component=component,
    )


__all__ = ["RULES", "TRANSITIONS", "copy_destruction_list_issue", "copy_lot_for_report", "copy_lot_hold",
           "copy_lot_update", "copy_lots_destroy", "copy_lots_ensure", "copy_lots_transfer"]
