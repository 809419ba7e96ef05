"""Reads of the copy archive (UTC-5.03a-retention, STRAS-113): each lot with its retention decision.

The earliest destruction (or transfer) date of a lot is computed here, never stored (ARC-02):
- anchor: the results publication of the exam's semester, read from ``juries.SemesterResult``
  (no juries selector gives it: computed here, ARC-03): the LATEST definitive publication
  (``published_final``) of that semester for the exam's session or a later one — every student's
  copy is kept at least the retention period after their own results were published. A
  provisional publication ("sous réserve de la délibération du jury") is not the anchor.
- retention: the profile's ``juries.copy_retention`` (``exams.rules.retention.copy_retention``);
- litigation (STRAS-113, ARC-04): an open contestation of a mark of the exam's module, a pending
  copy consultation of that module, or a hold recorded on the lot keeps it until the final ruling;
  the latest answer to a contestation (or the recorded ruling) extends the keep-until date.
Bounded queries: lots, publications, contestations, consultations, profile and calendar.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar.service import calendar_for_component
from core.calendar.working import PARIS
from core.models import Component
from core.profiles.selectors import param_value, profile_for
from exams.models import CopyLot, CopyLotState, ExamReport
from exams.rules.retention import PARAM, RetentionDecision, copy_retention
from juries.models import (
    ConsultationState,
    ContestationState,
    CopyConsultationRequest,
    MarkContestation,
    SemesterResult,
)

#: Filterable statuses of a lot, in the order the list shows their counts.
STATUSES: tuple[tuple[str, Promise], ...] = (
    ("destructible", gettext_lazy("Destructible")),
    ("transferable", gettext_lazy("À verser aux archives")),
    ("kept", gettext_lazy("Conservé jusqu'à une date")),
    ("held", gettext_lazy("Conservé (contentieux)")),
    ("awaiting_results", gettext_lazy("En attente de la publication des résultats")),
    ("kept_indefinitely", gettext_lazy("Conservé (aucune durée fixée)")),
    ("transferred", gettext_lazy("Versé aux archives")),
    ("destroyed", gettext_lazy("Détruit")),
)
STATUS_LABELS = dict(STATUSES)


@dataclass(frozen=True)
class Litigation:
    """What keeps a module's copies: open disputes (reasons) and the last ruling date."""

    reasons: tuple[str, ...] = ()
    last_ruling_on: date | None = None

    @property
    def open(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class LotRow:
    lot: CopyLot
    published_on: date | None
    decision: RetentionDecision | None
    status: str
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def action_from(self) -> date | None:
        """First day the lot may be destroyed (or, for a transfer, handed to the archives)."""
        if self.decision is None:
            return None
        if self.decision.destroyable_from is not None:
            return self.decision.destroyable_from
        if self.decision.after == "transfer_to_archives" and self.decision.keep_until is not None:
            return self.decision.keep_until
        return None

    @property
    def event(self) -> Any:
        return self.lot.report.event_room.event


def lot_status(state: str, decision: RetentionDecision | None, on: date) -> str:
    """Pure: where a lot stands on ``on`` (UTC-5.03a-retention, STRAS-113)."""
    if state == CopyLotState.DESTROYED:
        return "destroyed"
    if state == CopyLotState.TRANSFERRED:
        return "transferred"
    if decision is None:
        return "awaiting_results"
    if decision.litigation_hold and decision.keep_until is None:
        return "held"
    if decision.after == "keep":
        return "kept_indefinitely"
    if decision.may_destroy(on):
        return "destructible"
    if decision.after == "transfer_to_archives" and decision.keep_until is not None and on >= decision.keep_until:
        # "un an à compter de la publication": the transfer may happen once the year has run.
        return "transferable"
    return "kept"


def reports_without_lot(*, component: Component, academic_year: int) -> QuerySet[ExamReport]:
    """Closed reports of the component's sessions of that year that have no copy lot yet."""
    return ExamReport.objects.filter(
        closed_at__isnull=False, copy_lot__isnull=True, event_room__event__session__component=component,
        event_room__event__session__academic_year=academic_year,
    ).order_by("pk")


def copy_lots(*, component: Component, academic_year: int) -> QuerySet[CopyLot]:
    return (CopyLot.objects.filter(report__event_room__event__session__component=component,
                                   report__event_room__event__session__academic_year=academic_year)
            .select_related("report__event_room__event__module", "report__event_room__event__session",
                            "report__event_room__room", "destroyed_by")
            .order_by("report__event_room__event__start", "report__event_room__room__code", "pk"))


def publication_dates(semester_ids: set[int]) -> dict[tuple[int, int], date]:
    """(semester id, session) → latest definitive publication day (Paris), one query (ARC-03)."""
    rows = (SemesterResult.objects.filter(semester_id__in=semester_ids, published_final=True,
                                                 published_at__isnull=False)
            .values("semester_id", "session").annotate(last=Max("published_at")))
    return {(r["semester_id"], r["session"]): r["last"].astimezone(PARIS).date() for r in rows}


def published_on_for(dates: dict[tuple[int, int], date], semester_id: int, session_number: int) -> date | None:
    """The anchor of an exam of ``session_number``: the latest definitive publication of that session or later."""
    found = [d for (sem, session), d in dates.items() if sem == semester_id and session >= session_number]
    return max(found) if found else None


def module_litigation(module_ids: set[int]) -> dict[int, Litigation]:
    """Disputes per module (ARC-04): open contestations and consultations, last contestation answer."""
    reasons: dict[int, list[str]] = defaultdict(list)
    rulings: dict[int, date] = {}
    contest_rows = (MarkContestation.objects.filter(mark__evaluation__component__module_id__in=module_ids)
                    .values("mark__evaluation__component__module_id")
                    .annotate(open=Count("pk", filter=Q(state=ContestationState.SUBMITTED)),
                              first=Min("submitted_at", filter=Q(state=ContestationState.SUBMITTED)),
                              answered=Max("answered_at", filter=~Q(state=ContestationState.SUBMITTED))))
    for row in contest_rows:
        module_id = row["mark__evaluation__component__module_id"]
        if row["open"]:
            reasons[module_id].append(
                _("%(n)s contestation(s) de note en cours (depuis le %(d)s)")
                % {"n": row["open"], "d": row["first"].astimezone(PARIS).date().strftime("%d/%m/%Y")})
        if row["answered"] is not None:
            rulings[module_id] = row["answered"].astimezone(PARIS).date()
    consult_rows = (CopyConsultationRequest.objects
                    .filter(evaluation__component__module_id__in=module_ids,
                            state__in=(ConsultationState.REQUESTED, ConsultationState.SCHEDULED))
                    .values("evaluation__component__module_id").annotate(n=Count("pk")))
    for row in consult_rows:
        reasons[row["evaluation__component__module_id"]].append(
            _("%(n)s consultation(s) de copie en attente") % {"n": row["n"]})
    return {m: Litigation(tuple(reasons.get(m, ())), rulings.get(m)) for m in module_ids}


def copy_lot_rows(*, component: Component, academic_year: int, on: date,
                  lots: list[CopyLot] | None = None) -> list[LotRow]:
    """Every lot of the component and year with its retention decision and status on ``on``."""
    lots = list(copy_lots(component=component, academic_year=academic_year)) if lots is None else lots
    if not lots:
        return []
    profile = profile_for(component, academic_year)
    rule_value = param_value(profile, PARAM)
    calendar = calendar_for_component(component)
    events = [lot.report.event_room.event for lot in lots]
    dates = publication_dates({e.module.semester_id for e in events})
    disputes = module_litigation({e.module_id for e in events})
    rows = []
    for lot, event in zip(lots, events, strict=True):
        published = published_on_for(dates, event.module.semester_id, event.session_number)
        dispute = disputes.get(event.module_id, Litigation())
        reasons = list(dispute.reasons)
        if lot.litigation_open:
            reasons.append(_("Contentieux signalé : %(r)s") % {"r": lot.hold_reason})
        rulings = [d for d in (dispute.last_ruling_on, lot.ruling_on if lot.hold_reason else None) if d]
        decision = None
        if published is not None:
            decision = copy_retention(rule_value, results_published_on=published, calendar=calendar,
                                      contested=bool(reasons) or bool(rulings),
                                      final_ruling_on=None if reasons else (max(rulings) if rulings else None),
                                      preset=profile.preset)
        rows.append(LotRow(lot, published, decision, lot_status(lot.state, decision, on), tuple(reasons)))
    return rows


def filter_rows(rows: list[LotRow], *, status: str = "", until: date | None = None) -> list[LotRow]:
    """``status``: one of STATUSES; ``until``: lots that may be destroyed or transferred by that day."""
    if status:
        rows = [r for r in rows if r.status == status]
    if until is not None:
        rows = [r for r in rows if r.status not in ("destroyed", "transferred")
                and r.action_from is not None and r.action_from <= until]
    return rows


def status_counts(rows: list[LotRow]) -> list[tuple[str, str, int, int]]:
    """(status, label, lots, copies) for every status present, in STATUSES order."""
    lots: dict[str, int] = defaultdict(int)
    copies: dict[str, int] = defaultdict(int)
    for row in rows:
        lots[row.status] += 1
        copies[row.status] += row.lot.copies
    return [(s, str(label), lots[s], copies[s]) for s, label in STATUSES if lots[s]]
