"""Validation and compensation: UE, semester, year (Licence/LP/Master) and RCUE (BUT).

Where compensation applies is a programme (M3C) setting with profile defaults
(``juries.compensation_by_kind``): within the UE (modules compensate each other through the UE
mean), between the UEs of a semester, between the two semesters of a year. Exchange students get
none when the profile says so (TOURS-AN2-no-compensation). BUT compensates only inside a
competence level: the two UEs of an RCUE (RSY-A1-odd-semester uses the RCUE means).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from juries.rules.averages import Mean, at_least, weighted_mean
from juries.rules.decisions import VALIDATED, Code, Proposal, Reason
from juries.rules.values import Status


@dataclass(frozen=True, slots=True)
class Thresholds:
    pass_mark: float = 10.0
    compare: str = "exact"
    decimals: int = 2

    def passes(self, value: float, threshold: float | None = None) -> bool:
        t = self.pass_mark if threshold is None else threshold
        return at_least(value, t, compare=self.compare, decimals=self.decimals)


def ue_result(mean: Mean, th: Thresholds, *, module_failures: Sequence[str] = ()) -> Proposal:
    """UE proposal from its (adjusted) mean: ADM at or above the pass mark, else AJ.

    ``module_failures`` lists modules below the floor when the UE does not compensate its modules
    (``m3c.compensation.within_ue = false``) or a module floor applies (``juries.module_floor``).
    """
    if mean.status is Status.DEF:
        return Proposal(Code.DEF, (Reason("UE défaillante : une évaluation est notée DEF"),))
    if mean.status is Status.PENDING:
        return Proposal(Code.ATT, (Reason("notes en attente (ATT, absence justifiée à rattraper ou note manquante)"),))
    if mean.status is Status.NEUTRAL:
        return Proposal(Code.ADM, (Reason("UE neutralisée (dispense) : acquise sans note"),))
    if module_failures:
        return Proposal(
            Code.AJ,
            (Reason(f"module(s) sous le seuil sans compensation : {', '.join(module_failures)}",
                    ref="m3c.compensation.within_ue"),),
        )
    if th.passes(mean.value):
        return Proposal(Code.ADM)
    return Proposal(Code.AJ)


@dataclass(frozen=True, slots=True)
class SemesterOutcome:
    mean: Mean
    proposal: Proposal
    ue_codes: dict[str, Code]


def semester_result(
    ues: Mapping[str, tuple[float, Mean, Proposal]],
    th: Thresholds,
    *,
    between_ues: bool,
    ue_floor: float | None = None,
) -> SemesterOutcome:
    """Semester mean (UE coefficients, usually ECTS) and validation with compensation between UEs.

    With ``between_ues``, a semester mean at or above the pass mark validates the semester and
    every failed UE becomes CMP (unless below ``ue_floor``, or failed on a module floor).
    """
    mean = weighted_mean((coef, m) for coef, m, _ in ues.values())
    codes = {code: p.code for code, (_, _, p) in ues.items()}
    if any(c is Code.DEF for c in codes.values()):
        return SemesterOutcome(mean, Proposal(Code.DEF, (Reason("au moins une UE défaillante"),)), codes)
    if any(c is Code.ATT for c in codes.values()):
        return SemesterOutcome(mean, Proposal(Code.ATT, (Reason("notes en attente"),)), codes)
    failed = [code for code, c in codes.items() if c not in VALIDATED]
    if not failed:
        return SemesterOutcome(mean, Proposal(Code.ADM), codes)
    if not between_ues or not mean.ok:
        return SemesterOutcome(mean, Proposal(Code.AJ, (Reason(f"UE non validées : {', '.join(failed)}"),)), codes)
    blockers = []
    for code in failed:
        _, ue_mean, proposal = ues[code]
        module_floor_failed = any(r.ref == "m3c.compensation.within_ue" for r in proposal.reasons)
        below_ue_floor = ue_floor is not None and ue_mean.ok and not th.passes(ue_mean.value, ue_floor)
        if module_floor_failed or below_ue_floor:
            blockers.append(code)
    if th.passes(mean.value) and not blockers:
        for code in failed:
            codes[code] = Code.CMP
        return SemesterOutcome(
            mean,
            Proposal(Code.ADM, (Reason(f"UE {', '.join(failed)} compensées par la moyenne du semestre",
                                       ref="m3c.compensation.between_ues"),)),
            codes,
        )
    why = f"moyenne du semestre sous {th.pass_mark:g}" if not blockers else f"UE sous le seuil de compensation : {', '.join(blockers)}"
    return SemesterOutcome(mean, Proposal(Code.AJ, (Reason(why, ref="m3c.compensation.between_ues"),)), codes)


def year_compensation(
    semesters: Sequence[tuple[float, Mean, Code]], th: Thresholds, *, enabled: bool
) -> tuple[Mean, bool]:
    """Mean of the year's semesters (weighted by ECTS) and whether it compensates a failed one.

    Compensation between the two semesters of a year applies only when both have a mean and no
    semester is DEF/ATT/ATJ (an absence block or a default is not compensable).
    """
    mean = weighted_mean((w, m) for w, m, _ in semesters)
    if not enabled or not mean.ok:
        return mean, False
    if any(code in (Code.DEF, Code.ATT, Code.ATJ) for _, _, code in semesters):
        return mean, False
    return mean, th.passes(mean.value)


def group_failures(groups: Sequence[tuple[str, float, Mean]], th: Thresholds) -> dict[str, Reason]:
    """Required groups of UEs (e.g. LP tutored project + internship) whose mean must pass.

    Returns the failing groups by name, with the reason; a group still pending is not failing.
    """
    out = {}
    for name, minimum, mean in groups:
        if mean.status is Status.PENDING:
            continue
        if not mean.ok or not th.passes(mean.value, minimum):
            out[name] = Reason(f"moyenne du groupe « {name} » inférieure à {minimum:g}", ref="m3c.required_groups")
    return out


def rcue_mean(odd: Mean, even: Mean) -> Mean:
    """RCUE: mean of the two UEs of one competence level, odd + even semester of a BUT year."""
    return weighted_mean(((1.0, odd), (1.0, even)))


def rcue_result(mean: Mean, th: Thresholds) -> Proposal:
    """An RCUE at or above the pass mark validates the competence level and both its UEs."""
    if mean.status is Status.DEF:
        return Proposal(Code.DEF)
    if mean.status is Status.PENDING:
        return Proposal(Code.ATT)
    if mean.status is Status.NEUTRAL or th.passes(mean.value):
        return Proposal(Code.ADM)
    return Proposal(Code.AJ)
