"""JSON-ready rendering of the engine's per-student states (stable keys, means as strings).

A mean is shown rounded half-up to ``juries.average_decimals`` ("12.35"), or as ``ATT`` (pending),
``DEF`` (défaillant) or ``EXC`` (neutralised). Bonuses appear only when effective
(RSY-A7.2C-transcript); a malus only when applied (RSY-A3-malus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from juries.rules.averages import Mean, format_mark
from juries.rules.decisions import VALIDATED, Code, Reason
from juries.rules.values import Status

if TYPE_CHECKING:
    from juries.engine_states import Plan, SemesterState, YearState
    from juries.engine_types import EngineParams, StudentInput

_STATUS_LABEL = {Status.PENDING: "ATT", Status.DEF: "DEF", Status.NEUTRAL: "EXC"}


def mean_json(mean: Mean | None, decimals: int) -> str | None:
    if mean is None:
        return None
    if mean.status is Status.VALUE:
        return format_mark(mean.value, decimals)
    return _STATUS_LABEL[mean.status]


def _reasons(reasons: list[Reason]) -> list[dict[str, str]]:
    out, seen = [], set()
    for r in reasons:
        if r is None or r in seen:
            continue
        seen.add(r)
        out.append(r.as_dict())
    return out


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _points(value: float, decimals: int) -> str:
    return format_mark(value, decimals)


def _semester_json(state: SemesterState, d: int, first: SemesterState | None, abandoned: bool) -> dict[str, Any]:
    ues = []
    for code, ue in state.ues.items():
        item: dict[str, Any] = {"code": code, "mean": mean_json(ue.mean, d), "decision": ue.code_.value}
        if ue.bonus > 0 or ue.malus > 0:
            item["raw_mean"] = mean_json(ue.raw, d)
        if ue.bonus > 0:
            item["bonus"] = _points(ue.bonus, d)
        if ue.malus > 0:
            item["malus"] = _points(ue.malus, d)
        item["ects"] = _num(ue.ects)
        item["ects_acquired"] = _num(ue.ects) if ue.code_ in VALIDATED else 0
        if ue.reasons:
            item["reasons"] = _reasons(ue.reasons)
        ues.append(item)
    modules = []
    value = Status.VALUE
    for code, mod in state.modules.items():
        mean = mod.mean  # mean_json inlined for the common case (a value): same string
        item = {"code": code, "mean": format_mark(mean.value, d) if mean is not None and mean.status is value
                else mean_json(mean, d)}
        if mod.first is not None:
            item["session1_mean"] = mean_json(mod.first, d)
        if mod.reason is not None:
            item["reasons"] = [mod.reason.as_dict()]
        modules.append(item)
    code = Code.ABAN if abandoned else state.code
    out: dict[str, Any] = {
        "code": state.semester.code,
        "mean": mean_json(state.mean, d),
        "decision": code.value,
        "ects_acquired": _num(sum(u["ects_acquired"] for u in ues)),
        "ues": ues,
        "modules": modules,
    }
    if state.unjustified_hours is not None:  # the ABI summary joins the final transcript (RSY-A3-abi-summary)
        out["unjustified_absence_hours"] = _num(round(state.unjustified_hours, 2))
    if first is not None:
        out["session1"] = {"mean": mean_json(first.mean, d), "decision": first.code.value}
    if state.reasons:
        out["reasons"] = _reasons(state.reasons)
    return out


def _year_json(ys: YearState, d: int, first: YearState | None, abandoned: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"year": ys.year, "label": ys.label, "semesters": ys.semesters}
    if ys.rcues:
        out["rcues"] = [
            {"competence": comp, "mean": mean_json(mean, d), "decision": code.value}
            for comp, (mean, code) in sorted(ys.rcues.items())
        ]
    out["mean"] = mean_json(ys.mean, d)
    code = Code.ABAN if abandoned and ys.code is not None else ys.code
    out["decision"] = code.value if code is not None else None
    if first is not None and first.code is not None:
        out["session1"] = {"mean": mean_json(first.mean, d), "decision": first.code.value}
    if abandoned:
        out["reasons"] = [{"text": "abandon constaté"}]
    elif ys.reasons:
        out["reasons"] = _reasons(ys.reasons)
    return out


def student_json(
    plan: Plan,
    st: StudentInput,
    p: EngineParams,
    final: tuple[dict[str, SemesterState], dict[int, YearState]],
    *,
    first: tuple[dict[str, SemesterState], dict[int, YearState]] | None,
    session: int,
) -> dict[str, Any]:
    d = p.thresholds.decimals
    sems, years = final
    out: dict[str, Any] = {"id": st.id}
    if st.name:
        out["name"] = st.name
    out["session"] = session
    out["semesters"] = [
        _semester_json(sems[s.code], d, first[0][s.code] if first else None, st.abandoned)
        for s in plan.semesters
    ]
    out["years"] = [
        _year_json(ys, d, first[1][y] if first else None, st.abandoned) for y, ys in sorted(years.items())
    ]
    out["ects_acquired"] = _num(sum(s["ects_acquired"] for s in out["semesters"]))
    return out
