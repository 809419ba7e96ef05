"""Results engine: a whole cohort from plain inputs, in one pass, no I/O.

``compute_cohort(programme, students, params, session=1|2)`` returns, per student, the module, UE,
semester, RCUE and year results with the proposed decision codes and their reasons
(``StudentResult``); ``cohort_json`` renders them (``juries.engine_output``). The structure is
compiled once (``juries.engine_states.Plan``); each student is then a loop over dict look-ups and
the pure rules of ``juries.rules``; semester and year proposals are in ``juries.engine_years``.

Order per semester: module means (second session per M3C) -> UE means (module coefficients) ->
bonus and malus -> UE proposals -> semester compensation (Licence/LP/Master) or RCUE (BUT) ->
absence block -> year (compensation between semesters / BUT progression).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from juries.engine_output import student_json
from juries.engine_states import ModuleState, Plan, SemesterState, UEState, YearState
from juries.engine_types import Compensation, EngineParams, Module, Programme, StudentInput
from juries.engine_years import years_results
from juries.rules import bonuses, compensation, malus
from juries.rules.averages import NEUTRAL, Mean, adjust, second_session, weighted_mean
from juries.rules.decisions import VALIDATED, Code, Reason
from juries.rules.values import Resolved, Status, resolve


@contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend the cyclic garbage collector for a bulk computation (results unchanged).

    A cohort allocates hundreds of thousands of small container objects (states, means, JSON
    dicts) that all stay alive until the end: each generation-0 overflow would make the collector
    re-traverse them, for nothing (reference counting still frees everything that is dropped).
    Nesting-safe: only the outermost block that found the collector enabled re-enables it.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class StudentResult:
    """One student's computed states; ``final`` is the second session's when it was computed."""

    student: StudentInput
    session: int
    final: tuple[dict[str, SemesterState], dict[int, YearState]]
    first: tuple[dict[str, SemesterState], dict[int, YearState]] | None = None


def compute_cohort(
    programme: Programme, students: Sequence[StudentInput], params: EngineParams, *, session: int = 1
) -> list[StudentResult]:
    """Results and proposals for every student; ``session=2`` once second-session marks are in."""
    plan = Plan(programme)
    with gc_paused():
        return [compute_student(plan, st, params, session=session) for st in students]


def cohort_json(programme: Programme, results: Sequence[StudentResult], params: EngineParams) -> list[dict[str, Any]]:
    """JSON-ready rendering of ``compute_cohort``'s results (``juries.engine_output``)."""
    plan = Plan(programme)
    with gc_paused():
        return [student_json(plan, r.student, params, r.final, first=r.first, session=r.session) for r in results]


def compute_student(plan: Plan, st: StudentInput, p: EngineParams, *, session: int = 1) -> StudentResult:
    first = _evaluate(plan, st, p, session_one=True, carried=None)
    if session == 2 and plan.programme.second_session and not st.abandoned:
        # Acquired at the first session and kept (capitalised): every UE of a validated semester,
        # and any UE validated on its own mean; the rest may be re-sat.
        carried = {
            ue_code: replace(ue, reasons=[*ue.reasons, Reason("acquise en première session", ref="capitalisation")])
            for sem in first[0].values()
            for ue_code, ue in sem.ues.items()
            if sem.code in VALIDATED or ue.code_ is Code.ADM
        }
        final = _evaluate(plan, st, p, session_one=False, carried=carried)
        return StudentResult(st, 2, final, first)
    return StudentResult(st, 1, first)


def _compensation(plan: Plan, st: StudentInput, p: EngineParams) -> Compensation:
    if st.exchange and not p.exchange_compensation:  # TOURS-AN2-no-compensation
        return Compensation(within_ue=False, between_ues=False, between_semesters=False)
    return plan.programme.compensation


def _res(st: StudentInput, p: EngineParams, code: str) -> Resolved:
    return resolve(st.marks.get(code), abj=p.abj, abi_zero=p.abi_zero, def_blocks=p.def_blocks)


def _module_mean(
    module: Module, evals: tuple[tuple[str, float], ...], st: StudentInput, p: EngineParams, *, with_resit: bool
) -> ModuleState:
    # Fast path (the common case: every mark is a number): same result as weighted_mean.
    marks = st.marks
    total = weights = 0.0
    for code, weight in evals:
        mark = marks.get(code)
        if mark.__class__ is not float:
            first = weighted_mean([(w, _res(st, p, c)) for c, w in evals])
            break
        total += weight * mark  # type: ignore[operator]
        weights += weight
    else:
        first = Mean(Status.VALUE, total / weights) if weights > 0 else NEUTRAL
    if not with_resit or module.code not in st.resits:
        return ModuleState(first)
    resit = resolve(st.resits[module.code], abj=p.abj, abi_zero=p.abi_zero, def_blocks=p.def_blocks)
    carried = [(w, _res(st, p, c)) for c, w in evals if c in module.carry_over]
    second = weighted_mean([*carried, (module.resit_weight, resit)])
    mean, reason = second_session(module.resit, first, second)
    return ModuleState(mean, first=first, reason=reason)


def _below_floor(
    parts: list[tuple[Module, float]], modules: dict[str, ModuleState], floor: float | None,
    th: compensation.Thresholds,
) -> tuple[str, ...]:
    """Modules of a UE whose mean is under their floor: the module's note éliminatoire (M3C), the
    profile's ``juries.module_floor``, or the pass mark when the UE does not compensate its modules."""
    out = []
    for module, _ in parts:
        limit = floor if module.floor is None else max(module.floor, floor or 0.0)
        mean = modules[module.code].mean
        if limit is not None and mean.ok and not th.passes(mean.value, limit):
            out.append(module.code)
    return tuple(out)


def _evaluate(
    plan: Plan, st: StudentInput, p: EngineParams, *, session_one: bool, carried: dict[str, UEState] | None
) -> tuple[dict[str, SemesterState], dict[int, YearState]]:
    programme = plan.programme
    comp = _compensation(plan, st, p)
    th = p.thresholds
    floor = th.pass_mark if not comp.within_ue else p.module_floor
    sems: dict[str, SemesterState] = {}
    iti_used: dict[int, int] = {}
    marks = st.marks
    value_status = Status.VALUE
    for sem in plan.semesters:
        year = sem.year
        label = programme.year_label(year)
        # --- modules (a module is re-sat only if one of its UEs here is not carried over)
        modules: dict[str, ModuleState] = {}
        for module in plan.semester_modules[sem.code]:
            evals = plan.evals[module.code]
            resit_ok = carried is not None and any(
                u not in carried for u in module.ue_coefficients if u in sem.ues
            )
            if not resit_ok:
                # Inlined fast path of _module_mean (every mark a number, no resit): same sums,
                # same order, same result; anything else goes through _module_mean.
                total = weights = 0.0
                for code, weight in evals:
                    mark = marks.get(code)
                    if mark.__class__ is not float:
                        break
                    total += weight * mark  # type: ignore[operator]
                    weights += weight
                else:
                    modules[module.code] = ModuleState(Mean(value_status, total / weights) if weights > 0 else NEUTRAL)
                    continue
            modules[module.code] = _module_mean(module, evals, st, p, with_resit=resit_ok)
        # --- absences: malus on every UE (RSY-A3-malus), block (RSY-A3-30pct)
        absences = st.absences.get(sem.code)
        malus_points, malus_reason, blocked = 0.0, None, None
        if absences is not None:
            excess, iti_used[year] = malus.iti_excess_hours(
                absences.iti_day_hours, already_used_days=iti_used.get(year, 0), p=p.malus
            )
            malus_points, malus_reason = malus.malus_points(
                absences.unjustified_hours + excess, p.malus, apprentice=st.apprentice
            )
            blocked = malus.absence_block(
                absences.unjustified_hours + absences.justified_hours + sum(absences.iti_day_hours),
                sem.hours, p.malus,
            )
        # --- bonuses (RSY-A7.1-sport-bonus, RSY-A7.2C-cap)
        sport, sport_reason = bonuses.sport_bonus(
            semester_index=sem.index, year_label=label, sessions=st.sport_sessions.get(year),
            requested=None, p=p.bonus,
        )
        engagement, engagement_reasons = 0.0, list[Reason]()
        if p.engagement_scope == "year_ues" or sem.index % 2 == 0:
            engagement, engagement_reasons = bonuses.engagement_bonus(st.engagement.get(year, ()), p.bonus)
        bonus_total, cap_reason = bonuses.capped_total(sport, engagement, p.bonus)
        # --- UEs
        ues: dict[str, UEState] = {}
        for ue_code in sem.ues:
            ue = programme.ues[ue_code]
            if carried is not None and ue_code in carried:
                ues[ue_code] = carried[ue_code]
                continue
            if ue_code in st.capitalised:
                m = Mean(Status.VALUE, st.capitalised[ue_code])
                ues[ue_code] = UEState(ue_code, ue.ects, ue.coefficient, m, m, Code.ADM,
                                       [Reason("UE capitalisée (acquise antérieurement)", ref="capitalisation")],
                                       capitalised=True)
                continue
            parts = [(coef, modules[mod.code].mean) for mod, coef in plan.ue_modules[ue_code]]
            raw = weighted_mean(parts)
            state = UEState(ue_code, ue.ects, ue.coefficient, raw, raw)
            if raw.ok:
                value = adjust(raw.value, bonus=bonus_total, malus=malus_points, scale=20.0)
                state.mean = Mean(Status.VALUE, value)
                state.malus = malus_points
                state.bonus = max(0.0, value - adjust(raw.value, malus=malus_points))
                if state.bonus > 0:
                    state.reasons.extend(r for r in (sport_reason, *engagement_reasons, cap_reason) if r)
                if malus_reason is not None:
                    state.reasons.append(malus_reason)
            if sport_reason is not None and not sport:
                state.reasons.append(sport_reason)  # refused: say why (RSY-A7.1-sport-eligibility)
            failures = (
                _below_floor(plan.ue_modules[ue_code], modules, floor, th)
                if floor is not None or plan.has_module_floors else ()
            )
            proposal = compensation.ue_result(state.mean, th, module_failures=failures)
            state.code_ = proposal.code
            state.reasons.extend(proposal.reasons)
            ues[ue_code] = state
        sem_state = SemesterState(sem, modules, ues)
        if absences is not None:
            sem_state.unjustified_hours = absences.unjustified_hours + excess
        if blocked is not None:
            if sem.code in st.jury.lift_absence_block:
                sem_state.reasons.append(Reason(blocked.text + " — levé par le jury", rule="RSY-A3-30pct"))
            else:
                sem_state.blocked = blocked
        sems[sem.code] = sem_state
    years = years_results(plan, st, p, comp, sems, session_one=session_one)
    return sems, years
