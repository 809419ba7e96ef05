"""Results engine inputs from a student's history: capitalised UEs, repeats, bonuses.

Read set-based by ``juries.results.loader`` (three queries whatever the number of students, each
restricted by a sub-query on the cohorts' registrations) and turned here, per student, into the
``StudentInput`` fields the pure engine already takes (docs/decisions/results-inputs.md):

* ``capitalised`` (UE code -> mean): a UE of the same programme and semester number validated
  (ADM, ADSUP, ADJ, CMP) in the latest *final* published result of an earlier academic year. UEs are
  matched by **code** across programme versions; the earliest year it was acquired is reported.
  Nothing is capitalised when the student's current programme version says ``ue_capitalisation``
  is off.
* ``repeats`` (semester index -> past repeats, RSY-A1-repeat-limit): from the validated
  administrative registrations of earlier academic years to the same programme. For the semesters
  of the current study year: the number of earlier years registered to that level (this year is the
  repeat); for the other semesters: the years registered beyond the first.
* ``first_year_ues_validated`` (RSY-A1-S5): for a BUT year without S1-S2, every UE of the latest
  final S1 and S2 results validated; unknown (None) without both.
* ``sport_sessions`` / ``engagement`` (RSY-A7.1-sport-bonus, RSY-A7.2C-cap): the ``BonusEntry``
  rows of the cohort's study year, keyed by the engine's programme year.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from enrollment.models import AdministrativeRegistration, RegistrationState
from juries.models import BonusEntry, BonusKind, ResultState, SemesterResult
from juries.rules.decisions import VALIDATED

_VALIDATED = frozenset(c.value for c in VALIDATED)


@dataclass
class HistoryRows:
    """Raw rows of the three history queries (plain tuples)."""

    results: list[tuple] = field(default_factory=list)  # (user, year, sem number, programme, version, ues)
    registrations: list[tuple] = field(default_factory=list)  # (user, year, programme, level, sem number)
    bonuses: list[tuple] = field(default_factory=list)  # (user, study year, kind, type, value)


@dataclass(frozen=True)
class CohortKey:
    """What the history of one cohort's students depends on."""

    study_year_id: int
    academic_year: int
    programme_id: int
    level: int
    semester_numbers: frozenset[int]
    capitalisation: bool
    but: bool


@dataclass
class StudentHistory:
    capitalised: dict[str, float] = field(default_factory=dict)
    capitalised_from: dict[str, tuple[int, str]] = field(default_factory=dict)  # ue -> (year, mean label)
    repeats: dict[int, int] = field(default_factory=dict)
    earlier_years: list[int] = field(default_factory=list)  # earlier academic years at the same level
    first_year_ues_validated: bool | None = None
    sport_sessions: dict[int, int] = field(default_factory=dict)
    engagement: dict[int, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def summary(self, exempted: Iterable[str] = ()) -> dict[str, Any]:
        """JSON for the result's payload (``history``): only what is there, for the jury."""
        out: dict[str, Any] = {}
        if self.capitalised_from:
            out["capitalised"] = [{"ue": ue, "mean": mean, "academic_year": year}
                                  for ue, (year, mean) in sorted(self.capitalised_from.items())]
        repeats = {f"S{i}": n for i, n in sorted(self.repeats.items()) if n}
        if repeats:
            out["repeats"] = repeats
        if self.earlier_years:
            out["earlier_years"] = sorted(self.earlier_years)
        exempted = sorted(exempted)
        if exempted:
            out["exempted_open_modules"] = exempted
        return out

    def hash_key(self) -> tuple:
        return (sorted(self.capitalised.items()), sorted(self.repeats.items()), self.first_year_ues_validated,
                sorted(self.sport_sessions.items()), sorted(self.engagement.items()))


def load_history(keys: Iterable[CohortKey], student_user_ids: Iterable[int]) -> HistoryRows:
    """The three history queries for the cohorts' students (ids already loaded by the caller)."""
    keys = list(keys)
    student_user_ids = list(student_user_ids)
    if not keys or not student_user_ids:
        return HistoryRows()
    programmes = {k.programme_id for k in keys}
    latest = max(k.academic_year for k in keys)
    numbers = set().union(*(k.semester_numbers for k in keys))
    if any(k.but and not k.semester_numbers & {1, 2} for k in keys):
        numbers |= {1, 2}
    results = list(SemesterResult.objects.filter(
        student_id__in=student_user_ids, state=ResultState.PUBLISHED, published_final=True,
        academic_year__lt=latest, semester__number__in=sorted(numbers),
        semester__study_year__programme_version__programme_id__in=sorted(programmes),
    ).values_list("student_id", "academic_year", "semester__number",
                  "semester__study_year__programme_version__programme_id", "version", "payload__semester__ues"))
    registrations = list(AdministrativeRegistration.objects.filter(
        student__user_id__in=student_user_ids, state=RegistrationState.VALIDATED, academic_year__lt=latest,
        study_year__programme_version__programme_id__in=sorted(programmes),
    ).values_list("student__user_id", "academic_year", "study_year__programme_version__programme_id",
                  "study_year__level", "study_year__semesters__number"))
    bonuses = list(BonusEntry.objects.filter(
        student_id__in=student_user_ids, study_year_id__in=sorted({k.study_year_id for k in keys}),
    ).values_list("student_id", "study_year_id", "kind", "engagement_type", "value"))
    return HistoryRows(results, registrations, bonuses)


class History:
    """Index of ``HistoryRows`` by student, answering ``for_student`` in dict look-ups."""

    def __init__(self, rows: HistoryRows) -> None:
        # (user, programme, sem number) -> {academic year: (version, ues)}: the latest final version
        self.results: dict[tuple[int, int, int], dict[int, tuple[int, list]]] = defaultdict(dict)
        for user, year, number, programme, version, ues in rows.results:
            if isinstance(ues, str):  # a backend returning the JSON key's text
                ues = json.loads(ues)
            per_year = self.results[(user, programme, number)]
            if year not in per_year or per_year[year][0] < version:
                per_year[year] = (version, ues or [])
        # (user, programme) -> {academic year: (level, {sem numbers})}
        self.registrations: dict[tuple[int, int], dict[int, tuple[int, set[int]]]] = defaultdict(dict)
        for user, year, programme, level, number in rows.registrations:
            _level, numbers = self.registrations[(user, programme)].setdefault(year, (level, set()))
            if number is not None:
                numbers.add(number)
        self.bonuses: dict[tuple[int, int], list[tuple[str, str, float]]] = defaultdict(list)
        for user, study_year, kind, etype, value in rows.bonuses:
            self.bonuses[(user, study_year)].append((kind, etype, float(value)))

    def for_student(self, user_id: int, key: CohortKey, engine_year: int) -> StudentHistory:
        h = StudentHistory()
        if key.capitalisation:
            for number in key.semester_numbers:
                _capitalised(h, self.results.get((user_id, key.programme_id, number), {}), key.academic_year)
        if key.but and not key.semester_numbers & {1, 2}:
            h.first_year_ues_validated = _first_year(
                [self.results.get((user_id, key.programme_id, n), {}) for n in (1, 2)], key.academic_year)
        _repeats(h, self.registrations.get((user_id, key.programme_id), {}), key)
        for kind, etype, value in self.bonuses.get((user_id, key.study_year_id), ()):
            if kind == BonusKind.SPORT:
                h.sport_sessions[engine_year] = int(value)
            else:
                h.engagement[engine_year] = (*h.engagement.get(engine_year, ()), (etype, value))
        return h


def _number(text: Any) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _capitalised(h: StudentHistory, per_year: Mapping[int, tuple[int, list]], before: int) -> None:
    """UEs validated in an earlier year's final result: the earliest acquisition is kept."""
    for year in sorted(y for y in per_year if y < before):
        for ue in per_year[year][1]:
            code, mean = ue.get("code"), _number(ue.get("mean"))
            if code and mean is not None and ue.get("decision") in _VALIDATED and code not in h.capitalised:
                h.capitalised[code] = mean
                h.capitalised_from[code] = (year, ue["mean"])


def _first_year(per_semester: list[Mapping[int, tuple[int, list]]], before: int) -> bool | None:
    """RSY-A1-S5: every UE of the latest earlier S1 and S2 results validated; None if one is missing."""
    verdict = True
    for per_year in per_semester:
        years = [y for y in per_year if y < before]
        if not years:
            return None
        ues = per_year[max(years)][1]
        verdict = verdict and bool(ues) and all(u.get("decision") in _VALIDATED for u in ues)
    return verdict


def _repeats(h: StudentHistory, per_year: Mapping[int, tuple[int, set[int]]], key: CohortKey) -> None:
    """RSY-A1-repeat-limit: past repeats per semester index from earlier registrations."""
    years_by_number: dict[int, int] = defaultdict(int)
    for year, (level, numbers) in per_year.items():
        if year >= key.academic_year:
            continue
        if level == key.level:
            h.earlier_years.append(year)
        for n in numbers:
            years_by_number[n] += 1
    for n, count in years_by_number.items():
        repeats = count if n in key.semester_numbers else count - 1
        if repeats > 0:
            h.repeats[n] = repeats
