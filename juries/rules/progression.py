"""BUT progression proposals (IUT regulations, Article 1).

RSY-A1-even-semester: the even semester of a year is open by right.
RSY-A1-odd-semester: the next odd semester is open iff more than half of the RCUEs reach the
pass mark (``juries.rcue_pass_mark``; "plus de la moitié" is strict, ``juries.rcue_majority``)
AND every RCUE reaches the floor (``juries.rcue_floor``).
RSY-A1-S5: entering S5 also needs every UE of S1 and S2 validated, or a jury decision.
RSY-A1-repeat-limit: each semester repeated at most once, four repeats in all; the director may
authorise one more for force majeure (J-09: it lifts the total only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from juries.rules.averages import Mean
from juries.rules.compensation import Thresholds
from juries.rules.decisions import Code, Proposal, Reason


@dataclass(frozen=True, slots=True)
class ProgressionParams:
    rcue_pass: float = 10.0
    rcue_floor: float = 8.0
    majority: str = "more_than_half"  # or "at_least_half"
    s5_requires_first_year: bool = True
    max_repeats_per_semester: int | None = 1
    max_repeats_total: int | None = 4
    director_extra: int = 1


def odd_semester_access(rcues: Mapping[str, Mean], th: Thresholds, p: ProgressionParams) -> tuple[bool, list[Reason]]:
    """RSY-A1-odd-semester: returns whether the next odd semester is open and why (not)."""
    means = {k: m.value for k, m in rcues.items() if m.ok}
    if not rcues:
        return False, [Reason("aucun RCUE calculé", rule="RSY-A1-odd-semester")]
    passed = [k for k, v in means.items() if th.passes(v, p.rcue_pass)]
    below_floor = [k for k, v in means.items() if not th.passes(v, p.rcue_floor)]
    n = len(rcues)
    majority = 2 * len(passed) > n if p.majority == "more_than_half" else 2 * len(passed) >= n
    reasons = []
    if not majority:
        word = "plus de la moitié" if p.majority == "more_than_half" else "la moitié"
        reasons.append(Reason(
            f"{len(passed)} RCUE sur {n} ≥ {p.rcue_pass:g} : il en faut {word}", rule="RSY-A1-odd-semester"
        ))
    if below_floor:
        reasons.append(Reason(
            f"RCUE sous {p.rcue_floor:g} : {', '.join(sorted(below_floor))}", rule="RSY-A1-odd-semester"
        ))
    if not reasons:
        reasons.append(Reason(
            f"{len(passed)} RCUE sur {n} ≥ {p.rcue_pass:g} et tous ≥ {p.rcue_floor:g}", rule="RSY-A1-odd-semester"
        ))
        return True, reasons
    return False, reasons


def repeat_allowed(
    semesters: Sequence[int], history: Mapping[int, int], *, director_authorised: bool, p: ProgressionParams
) -> tuple[bool, Reason]:
    """RSY-A1-repeat-limit: may the student repeat ``semesters`` given past repeats per semester?

    Repeating a year repeats both its semesters and counts one repeat for each (J-09).
    """
    total = sum(history.values())
    if p.max_repeats_per_semester is not None:
        over = [s for s in semesters if history.get(s, 0) + 1 > p.max_repeats_per_semester]
        if over:
            return False, Reason(
                f"semestre(s) S{', S'.join(map(str, over))} déjà redoublé(s) : limite de "
                f"{p.max_repeats_per_semester} par semestre", rule="RSY-A1-repeat-limit",
            )
    if p.max_repeats_total is not None:
        limit = p.max_repeats_total + (p.director_extra if director_authorised else 0)
        if total + len(semesters) > limit:
            return False, Reason(
                f"{total} redoublement(s) déjà, limite {limit} atteinte", rule="RSY-A1-repeat-limit"
            )
    return True, Reason(f"redoublement possible ({total} redoublement(s) à ce jour)", rule="RSY-A1-repeat-limit")


@dataclass(frozen=True, slots=True)
class YearSituation:
    year: int  # 1..3
    last_year: int  # 3 for BUT
    rcues: Mapping[str, tuple[Mean, Code]]
    first_year_ues_validated: bool | None = None  # for entry into S5 (RSY-A1-S5)
    s5_waiver: bool = False
    blocking: Sequence[Reason] = ()  # e.g. RSY-A3-30pct not lifted
    repeat_history: Mapping[int, int] | None = None
    director_extra_repeat: bool = False


def but_year_proposal(s: YearSituation, th: Thresholds, p: ProgressionParams) -> Proposal:
    """Year proposal for a BUT student after the even semester: ADM, PASD, RED or NAR.

    DEF / ATT / ATJ come first (default, pending marks, absence block). PAS1NCI is never proposed:
    passing with a competence not validated outside the rule is a jury decision.
    """
    codes = [c for _, c in s.rcues.values()]
    if not codes:
        return Proposal(Code.ATT, (Reason("aucun RCUE : compétences des UE non appariées", rule="RSY-A1-odd-semester"),))
    if Code.DEF in codes:
        return Proposal(Code.DEF, (Reason("RCUE défaillant"),))
    if Code.ATT in codes:
        return Proposal(Code.ATT, (Reason("notes en attente"),))
    if s.blocking:
        return Proposal(Code.ATJ, tuple(s.blocking))
    if all(c is Code.ADM for c in codes):
        label = "diplôme obtenu" if s.year >= s.last_year else "année validée"
        return Proposal(Code.ADM, (Reason(f"tous les RCUE validés : {label}", rule="RSY-A1-odd-semester"),))
    reasons: list[Reason] = []
    if s.year < s.last_year:
        ok, why = odd_semester_access({k: m for k, (m, _) in s.rcues.items()}, th, p)
        reasons.extend(why)
        next_odd = 2 * s.year + 1
        if ok and next_odd == 5 and p.s5_requires_first_year and not s.first_year_ues_validated:
            if s.s5_waiver:
                reasons.append(Reason("UE de S1-S2 non toutes validées : admis en S5 par décision de jury", rule="RSY-A1-S5"))
            else:
                ok = False
                reasons.append(Reason("entrée en S5 : toutes les UE de S1 et S2 doivent être validées (ou décision de jury)",
                                      rule="RSY-A1-S5"))
        if ok:
            return Proposal(Code.PASD, tuple(reasons))
    else:
        reasons.append(Reason("RCUE non tous validés en dernière année", rule="RSY-A1-odd-semester"))
    allowed, why_repeat = repeat_allowed(
        (2 * s.year - 1, 2 * s.year), s.repeat_history or {}, director_authorised=s.director_extra_repeat, p=p
    )
    reasons.append(why_repeat)
    return Proposal(Code.RED if allowed else Code.NAR, tuple(reasons))
