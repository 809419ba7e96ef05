"""Plain inputs of the results engine: programme structure, M3C, profile parameters, students.

No ORM: the scenario loader (``juries.scenario``) and, later, the DB selectors build these frozen
dataclasses once per cohort; ``juries.engine.compute_cohort`` reads them in one pass.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juries.rules.averages import ResitMode
from juries.rules.bonuses import BonusParams
from juries.rules.compensation import Thresholds
from juries.rules.malus import MalusParams
from juries.rules.progression import ProgressionParams
from juries.rules.values import AbjSemantics, Mark


class ProgrammeKind(enum.StrEnum):
    BUT = "but"
    LICENCE = "licence"
    LP = "lp"
    MASTER = "master"


@dataclass(frozen=True, slots=True)
class Evaluation:
    code: str
    weight: float
    scale: int = 20


@dataclass(frozen=True, slots=True)
class Module:
    code: str
    evaluations: tuple[Evaluation, ...]
    ue_coefficients: Mapping[str, float]  # BUT: one module feeds several UEs
    resit: ResitMode = ResitMode.BEST
    carry_over: tuple[str, ...] = ()  # evaluations kept in the second-session mean
    resit_weight: float = 1.0  # weight of the second-session exam against the carried evaluations
    floor: float | None = None  # note éliminatoire of this module (a mean strictly below it fails the UE)


@dataclass(frozen=True, slots=True)
class UE:
    code: str
    semester: str
    ects: float
    coefficient: float  # weight in the semester mean (defaults to the ECTS)
    competence: str = ""  # BUT: the competence whose level this UE belongs to (RCUE pairing)


@dataclass(frozen=True, slots=True)
class Semester:
    code: str
    index: int  # 1..6 (BUT, Licence), 5..6 (LP), 7..10 (Master)
    ues: tuple[str, ...]
    hours: float | None = None  # hourly volume, for RSY-A3-30pct

    @property
    def year(self) -> int:
        return (self.index + 1) // 2


@dataclass(frozen=True, slots=True)
class Compensation:
    within_ue: bool = True
    between_ues: bool = True
    between_semesters: bool = True


@dataclass(frozen=True, slots=True)
class RequiredGroup:
    name: str
    ues: tuple[str, ...]
    minimum: float = 10.0


@dataclass(frozen=True, slots=True)
class Programme:
    code: str
    kind: ProgrammeKind
    semesters: tuple[Semester, ...]
    ues: Mapping[str, UE]
    modules: Mapping[str, Module]
    compensation: Compensation
    second_session: bool = False
    required_groups: tuple[RequiredGroup, ...] = ()

    def year_label(self, year: int) -> str:
        if self.kind is ProgrammeKind.BUT:
            return f"BUT{year}"
        if self.kind is ProgrammeKind.LP:
            return "LP"
        if self.kind is ProgrammeKind.MASTER:
            return f"M{year - 3}"
        return f"L{year}"


@dataclass(frozen=True, slots=True)
class Absences:
    unjustified_hours: float = 0.0
    justified_hours: float = 0.0
    iti_day_hours: tuple[float, ...] = ()  # hours missed on each ITI day, in date order


@dataclass(frozen=True, slots=True)
class JuryInput:
    """Decisions already taken by the jury or the director that change the proposal."""

    lift_absence_block: frozenset[str] = frozenset()  # semester codes (RSY-A3-30pct)
    s5_waiver: bool = False  # RSY-A1-S5
    director_extra_repeat: bool = False  # RSY-A1-repeat-limit


@dataclass(frozen=True, slots=True)
class StudentInput:
    id: str
    name: str = ""
    marks: Mapping[str, Mark] = field(default_factory=dict)  # evaluation code -> mark
    resits: Mapping[str, Mark] = field(default_factory=dict)  # module code -> second-session mark
    capitalised: Mapping[str, float] = field(default_factory=dict)  # UE code -> mean kept from before
    apprentice: bool = False
    exchange: bool = False
    abandoned: bool = False
    absences: Mapping[str, Absences] = field(default_factory=dict)  # semester code -> absences
    sport_sessions: Mapping[int, int] = field(default_factory=dict)  # year -> sessions attended
    engagement: Mapping[int, tuple[tuple[str, float], ...]] = field(default_factory=dict)  # year -> (type, pts)
    repeats: Mapping[int, int] = field(default_factory=dict)  # semester index -> past repeats
    first_year_ues_validated: bool | None = None  # when S1-S2 are not part of the input
    jury: JuryInput = field(default_factory=JuryInput)


def _dec(value: Any) -> float | None:
    return None if value is None else float(Decimal(str(value)))


@dataclass(frozen=True, slots=True)
class EngineParams:
    thresholds: Thresholds
    scale: int
    mark_decimals: int
    abj: AbjSemantics
    abi_zero: bool
    def_blocks: bool
    module_floor: float | None
    ue_floor: float | None
    compensation_by_kind: Mapping[str, Mapping[str, bool]]
    exchange_compensation: bool
    resit_default: ResitMode
    bonus: BonusParams
    malus: MalusParams
    progression: ProgressionParams
    engagement_scope: str

    @classmethod
    def from_profile(cls, v: Mapping[str, Any]) -> EngineParams:
        """Build from a profile's ``params`` (every registered key present, as stored)."""
        return cls(
            thresholds=Thresholds(
                pass_mark=float(Decimal(str(v["juries.pass_mark"]))),
                compare=v["juries.threshold_compare"],
                decimals=int(v["juries.average_decimals"]),
            ),
            scale=int(v["juries.mark_scale"]),
            mark_decimals=int(v["juries.mark_decimals"]),
            abj=AbjSemantics(v["juries.abj_semantics"]),
            abi_zero=bool(v["juries.abi_counts_zero"]),
            def_blocks=bool(v["juries.def_blocks_result"]),
            module_floor=_dec(v["juries.module_floor"]),
            ue_floor=_dec(v["juries.ue_compensation_floor"]),
            compensation_by_kind=v["juries.compensation_by_kind"],
            exchange_compensation=bool(v["juries.exchange_students_compensation"]),
            resit_default=ResitMode(v["juries.resit_default"]),
            bonus=BonusParams(
                sport_max=_dec(v["juries.sport_bonus_max"]),
                sport_semesters=tuple(v["juries.sport_bonus_semesters"] or ()),
                sport_min_sessions=v["juries.sport_bonus_min_sessions"],
                engagement_per_type_max=_dec(v["juries.engagement_bonus_per_type_max"]),
                total_max=_dec(v["juries.bonus_total_max"]),
            ),
            malus=MalusParams(
                bracket_hours=_dec(v["juries.malus_bracket_hours"]),
                points_per_bracket=_dec(v["juries.malus_points_per_bracket"]),
                cap=_dec(v["juries.malus_cap"]),
                excludes_apprentices=bool(v["juries.malus_excludes_apprentices"]),
                iti_days_per_year=v["juries.iti_days_per_year"],
                block_ratio=_dec(v["juries.absence_block_ratio"]),
            ),
            progression=ProgressionParams(
                rcue_pass=float(Decimal(str(v["juries.rcue_pass_mark"]))),
                rcue_floor=float(Decimal(str(v["juries.rcue_floor"]))),
                majority=v["juries.rcue_majority"],
                s5_requires_first_year=bool(v["juries.s5_requires_first_year_ues"]),
                max_repeats_per_semester=v["juries.repeat_max_per_semester"],
                max_repeats_total=v["juries.repeat_max_total"],
                director_extra=int(v["juries.repeat_director_extra"]),
            ),
            engagement_scope=v["juries.engagement_bonus_scope"],
        )
