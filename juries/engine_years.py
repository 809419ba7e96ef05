"""Semester and year proposals of the results engine: Licence/LP/Master compensation, BUT RCUEs.

Called by ``juries.engine`` once the UE means of every semester are known (see its docstring).
"""

from __future__ import annotations

from juries.engine_states import Plan, SemesterState, YearState
from juries.engine_types import Compensation, EngineParams, ProgrammeKind, StudentInput
from juries.rules import compensation, progression
from juries.rules.averages import weighted_mean
from juries.rules.decisions import VALIDATED, Code, Proposal, Reason


def _semester_codes(state: SemesterState, th: compensation.Thresholds, comp: Compensation, p: EngineParams) -> None:
    """Semester mean and proposal; compensation between UEs when the M3C allow it."""
    outcome = compensation.semester_result(
        {c: (u.coefficient, u.mean, Proposal(u.code_, tuple(u.reasons))) for c, u in state.ues.items()},
        th, between_ues=comp.between_ues, ue_floor=p.ue_floor,
    )
    state.mean = outcome.mean
    state.code = outcome.proposal.code
    state.reasons.extend(outcome.proposal.reasons)
    for ue_code, code in outcome.ue_codes.items():
        state.ues[ue_code].code_ = code


def _block(state: SemesterState) -> None:
    """RSY-A3-30pct: the semester (and its non-capitalised UEs) cannot be validated."""
    if state.blocked is None:
        return
    state.code = Code.ATJ
    state.reasons.append(state.blocked)
    for ue in state.ues.values():
        if not ue.capitalised and ue.code_ not in (Code.DEF, Code.ATT):
            ue.code_ = Code.ATJ


def years_results(
    plan: Plan, st: StudentInput, p: EngineParams, comp: Compensation, sems: dict[str, SemesterState],
    *, session_one: bool,
) -> dict[int, YearState]:
    programme = plan.programme
    th = p.thresholds
    years: dict[int, YearState] = {}
    for year, semesters in plan.years.items():
        ys = YearState(year, programme.year_label(year), [s.code for s in semesters])
        years[year] = ys
        if programme.kind is ProgrammeKind.BUT:
            _but_year(plan, st, p, sems, ys)
            continue
        for sem in semesters:
            _semester_codes(sems[sem.code], th, comp, p)
            _block(sems[sem.code])
        if len(semesters) < 2:
            continue
        states = [sems[s.code] for s in semesters]
        ys.mean, compensates = compensation.year_compensation(
            [(sum(u.ects for u in s.ues.values()), s.mean, s.code) for s in states], th,
            enabled=comp.between_semesters,
        )
        groups = compensation.group_failures(
            [(g.name, g.minimum, weighted_mean(
                (u.coefficient, u.mean) for s in states for c, u in s.ues.items() if c in g.ues))
             for g in programme.required_groups], th,
        )
        if compensates and not groups:
            for s in states:
                if s.code is Code.AJ:
                    s.code = Code.CMP
                    s.reasons.append(Reason("semestre compensé par la moyenne de l'année",
                                            ref="m3c.compensation.between_semesters"))
                    for ue in s.ues.values():
                        if ue.code_ is Code.AJ:
                            ue.code_ = Code.CMP
        if groups:  # a failed required group cannot be compensated (m3c.required_groups)
            failed_ues = {u for g in programme.required_groups if g.name in groups for u in g.ues}
            for s in states:
                reverted = [u for c, u in s.ues.items() if c in failed_ues and u.code_ is Code.CMP]
                for ue in reverted:
                    ue.code_ = Code.AJ
                if reverted and s.code in VALIDATED:
                    s.code = Code.AJ
                    s.reasons = [r for r in s.reasons if r.ref != "m3c.compensation.between_ues"]
                    s.reasons.extend(groups.values())
        codes = [s.code for s in states]
        ys.reasons.extend(groups.values())
        for bad in (Code.DEF, Code.ATT, Code.ATJ):
            if bad in codes:
                ys.code = bad
                break
        else:
            if all(c in VALIDATED for c in codes) and not groups:
                ys.code = Code.ADM
            elif session_one and programme.second_session:
                ys.code = Code.RAT
                for s in states:
                    if s.code is Code.AJ:
                        s.code = Code.RAT
                ys.reasons.append(Reason("année non validée en première session : seconde session",
                                         rule="TOURS-V-sessions"))
            else:
                ys.code = Code.AJ
    return years


def _but_year(plan: Plan, st: StudentInput, p: EngineParams, sems: dict[str, SemesterState], ys: YearState) -> None:
    """BUT: RCUE per competence (odd + even UE), UE compensation inside the RCUE, progression."""
    th = p.thresholds
    states = [sems[c] for c in ys.semesters]
    for s in states:
        s.mean = weighted_mean((u.coefficient, u.mean) for u in s.ues.values())
    if len(states) == 2:
        odd, even = states
        by_comp = {plan.programme.ues[c].competence: u for c, u in even.ues.items()}
        for code, ue_odd in odd.ues.items():
            competence = plan.programme.ues[code].competence
            ue_even = by_comp.get(competence)
            if not competence or ue_even is None:
                continue
            mean = compensation.rcue_mean(ue_odd.mean, ue_even.mean)
            result = compensation.rcue_result(mean, th)
            if odd.blocked or even.blocked:
                result = Proposal(Code.ATJ)
            elif result.code is Code.ADM:
                for ue in (ue_odd, ue_even):
                    if ue.code_ is Code.AJ:
                        ue.code_ = Code.CMP
                        ue.reasons.append(Reason(f"UE compensée dans le RCUE {competence}",
                                                 rule="RSY-A1-odd-semester"))
            ys.rcues[competence] = (mean, result.code)
    for s in states:
        codes = [u.code_ for u in s.ues.values()]
        s.code = next((c for c in (Code.DEF, Code.ATT) if c in codes), None) or (
            Code.ADM if all(c in VALIDATED for c in codes) else Code.AJ
        )
        if s.semester.index % 2 == 1:
            s.reasons.append(Reason("passage en semestre pair de droit", rule="RSY-A1-even-semester"))
        _block(s)
    if len(states) < 2:
        return
    first_year_ok = st.first_year_ues_validated
    s12 = [sems[s.code] for s in plan.semesters if s.index in (1, 2)]
    if s12:
        first_year_ok = all(u.code_ in VALIDATED for s in s12 for u in s.ues.values())
    ys.mean = weighted_mean((1.0, m) for m, _ in ys.rcues.values())
    proposal = progression.but_year_proposal(
        progression.YearSituation(
            year=ys.year, last_year=3, rcues=ys.rcues, first_year_ues_validated=first_year_ok,
            s5_waiver=st.jury.s5_waiver, blocking=tuple(s.blocked for s in states if s.blocked),
            repeat_history=st.repeats, director_extra_repeat=st.jury.director_extra_repeat,
        ),
        th, p.progression,
    )
    ys.code = proposal.code
    ys.reasons.extend(proposal.reasons)
