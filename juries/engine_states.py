"""Per-student computation states of the results engine, and the compiled programme (``Plan``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from juries.engine_types import Module, Programme, Semester
from juries.rules.averages import Mean
from juries.rules.decisions import Code, Reason
from juries.rules.values import Status


@dataclass(slots=True)
class ModuleState:
    mean: Mean
    first: Mean | None = None  # set when a second session changed the computation
    reason: Reason | None = None


@dataclass(slots=True)
class UEState:
    code: str
    ects: float
    coefficient: float
    raw: Mean
    mean: Mean  # after bonus and malus
    code_: Code = Code.ATT
    reasons: list[Reason] = field(default_factory=list)
    bonus: float = 0.0
    malus: float = 0.0
    capitalised: bool = False


@dataclass(slots=True)
class SemesterState:
    semester: Semester
    modules: dict[str, ModuleState]
    ues: dict[str, UEState]
    mean: Mean = field(default_factory=lambda: Mean(Status.PENDING))
    code: Code = Code.ATT
    reasons: list[Reason] = field(default_factory=list)
    blocked: Reason | None = None
    unjustified_hours: float | None = None  # ABI hours incl. ITI days beyond the quota (RSY-A3-abi-summary)


@dataclass(slots=True)
class YearState:
    year: int
    label: str
    semesters: list[str]
    mean: Mean | None = None
    code: Code | None = None
    reasons: list[Reason] = field(default_factory=list)
    rcues: dict[str, tuple[Mean, Code]] = field(default_factory=dict)


class Plan:
    """The programme compiled for fast look-ups: modules per semester, (module, coef) per UE."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.semesters = sorted(programme.semesters, key=lambda s: s.index)
        self.ue_modules: dict[str, list[tuple[Module, float]]] = {code: [] for code in programme.ues}
        for module in programme.modules.values():
            for ue_code, coef in module.ue_coefficients.items():
                self.ue_modules[ue_code].append((module, coef))
        self.semester_modules: dict[str, list[Module]] = {}
        for sem in self.semesters:
            seen: dict[str, Module] = {}
            for ue_code in sem.ues:
                for module, _ in self.ue_modules[ue_code]:
                    seen.setdefault(module.code, module)
            self.semester_modules[sem.code] = list(seen.values())
        self.has_module_floors = any(m.floor is not None for m in programme.modules.values())
        self.evals = {m.code: tuple((e.code, e.weight) for e in m.evaluations) for m in programme.modules.values()}
        self.years: dict[int, list[Semester]] = {}
        for sem in self.semesters:
            self.years.setdefault(sem.year, []).append(sem)
