"""Set-based loading of the results engine's inputs from the database.

For a set of semesters, ``load_cohorts`` reads the programme structure and M3C once, every
registered student and every mark in a fixed number of queries (``values_list``, no model
instances for marks), then builds one ``Cohort`` per study year: the engine's ``Programme``
(the year's semesters, so RCUEs and year compensation see both semesters), ``EngineParams``
from the component's regulation profile, and one ``StudentInput`` per student.

Mapping (docs/decisions/results.md):

* engine evaluation = one ``juries.Evaluation`` row of session 1, weighted by its component's
  ``weight_percent`` shared equally between the component's sittings; a component with no
  sitting yet is one evaluation with no mark (the module stays ``ATT``);
* the second-session mark of a module (``resits``) = weighted mean of its session-2 sittings
  (a special code if one of them is one);
* UE coefficient in the semester mean = its ECTS; BUT competence of a UE = its competence
  level's competence (RCUE pairing);
* a module the student is not registered to (when they have module registrations in that
  semester) is neutralised for them (``EXC``);
* a mark under an active hold (``juries.MarkHold``: réserve UTC-3.01e-reserve-hold, unverified
  right to sit STRAS-35) is pending (``ATT``), whether or not a value is stored; a mark whose
  right to sit was refused (STRAS-35, outcome ``refused``) is left out as if the exam had not
  been sat (docs/decisions/juries-holds.md);
* the student's history (``juries.results.inputs``): UEs capitalised from an earlier year's final
  result, past repeats (RSY-A1-repeat-limit), first-year UEs for S5 (RSY-A1-S5), sport sessions
  and engagement points (RSY-A7.1-sport-bonus, RSY-A7.2C-cap); three more queries
  (docs/decisions/results-inputs.md).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import FloatField, Q
from django.db.models.functions import Cast

from courses.models import UE as UEModel
from courses.models import AssessmentComponent, ModuleUE, Semester
from courses.models import Module as ModuleModel
from enrollment.models import ModuleRegistration, PedagogicalRegistration, Regime, RegistrationState
from juries.engine_types import (
    UE,
    Compensation,
    EngineParams,
    Evaluation,
    Module,
    Programme,
    ProgrammeKind,
    StudentInput,
)
from juries.engine_types import Semester as EngineSemester
from juries.models import Evaluation as EvaluationModel
from juries.models import HoldOutcome, Mark, MarkHold
from juries.results.inputs import CohortKey, History, load_history
from juries.rules.averages import ResitMode
from juries.rules.values import REFERENCE_SCALE, Special

KIND_BY_DIPLOMA = {"BUT": ProgrammeKind.BUT, "DUT": ProgrammeKind.BUT, "LP": ProgrammeKind.LP,
                   "LICENCE": ProgrammeKind.LICENCE, "MASTER": ProgrammeKind.MASTER, "DU": ProgrammeKind.LICENCE}


@dataclass
class Cohort:
    """One study year of one programme version, ready for ``juries.engine.compute_cohort``."""

    study_year_id: int
    academic_year: int
    programme: Programme
    params: EngineParams
    session: int
    semester_ids: dict[str, int]  # engine semester code -> courses.Semester id
    students: list[StudentInput] = field(default_factory=list)
    registered: dict[str, set[int]] = field(default_factory=dict)  # student id -> semester ids
    inputs_hash: dict[str, str] = field(default_factory=dict)  # student id -> hash of their inputs
    structure_hash: str = ""
    history: dict[str, dict[str, Any]] = field(default_factory=dict)  # student id -> payload "history"
    history_hash: dict[str, tuple] = field(default_factory=dict)  # student id -> part of the inputs hash


def _f(value: Decimal | float | None) -> float:
    return float(value or 0)


def _profile_values(component: Any, academic_year: int) -> dict[str, Any]:
    from core.profiles.selectors import profile_for, profile_values

    return profile_values(profile_for(component, academic_year))


def load_cohorts(semester_ids: Iterable[int], student_ids: Iterable[int] | None = None) -> list[Cohort]:
    """Engine inputs for every study year containing one of ``semester_ids`` (all its semesters).

    Query count does not depend on the number of students or marks: 12 queries plus the profile
    look-ups (a few per programme).
    """
    wanted = list(semester_ids)
    only = None if student_ids is None else set(student_ids)
    year_ids = set(Semester.objects.filter(pk__in=wanted).values_list("study_year_id", flat=True))
    semesters = list(Semester.objects.filter(study_year_id__in=year_ids)
                     .select_related("study_year__programme_version__programme__component__institution")
                     .order_by("study_year_id", "number"))
    if not semesters:
        return []
    sem_ids = [s.pk for s in semesters]
    ues = list(UEModel.objects.filter(semester_id__in=sem_ids)
               .values_list("pk", "semester_id", "code", "ects", "competence_level__competence__code")
               .order_by("semester_id", "code"))
    modules = list(ModuleModel.objects.filter(semester_id__in=sem_ids)
                   .values_list("pk", "semester_id", "code", "second_session_rule", "eliminatory_mark")
                   .order_by("semester_id", "position", "code"))
    links = list(ModuleUE.objects.filter(module__semester_id__in=sem_ids)
                 .values_list("module_id", "ue_id", "coefficient"))
    components = list(AssessmentComponent.objects.filter(module__semester_id__in=sem_ids)
                      .values_list("pk", "module_id", "weight_percent", "session", "marking_scale")
                      .order_by("module_id", "position", "code"))
    sittings = list(EvaluationModel.objects.filter(component__module__semester_id__in=sem_ids)
                    .values_list("pk", "component_id", "session", "scale").order_by("component_id", "number"))
    regs = PedagogicalRegistration.objects.filter(
        semester_id__in=sem_ids, administrative_registration__state=RegistrationState.VALIDATED)
    if only is not None:
        regs = regs.filter(administrative_registration__student__user_id__in=only)
    reg_rows = list(regs.values_list("administrative_registration__student__user_id", "semester_id",
                                     "administrative_registration__student__regime",
                                     "administrative_registration__student__user__last_name",
                                     "administrative_registration__student__user__first_name"))
    mod_regs = ModuleRegistration.objects.filter(pedagogical_registration__in=regs)
    mod_reg_rows = list(mod_regs.values_list("pedagogical_registration__administrative_registration__student__user_id",
                                             "module_id"))
    marks = Mark.objects.filter(evaluation__component__module__semester_id__in=sem_ids)
    if only is not None:
        marks = marks.filter(student_id__in=only)
    # value as a float in SQL: no Decimal conversion per row (the mark has at most 2 decimals).
    # The ORM's SQL, run on a plain cursor: 180,000 rows without a Python converter call per value.
    sql, params = (marks.annotate(v=Cast("value", FloatField()))
                   .values_list("student_id", "evaluation_id", "v", "special").query.sql_with_params())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        mark_rows = cursor.fetchall()
    holds = MarkHold.objects.filter(evaluation__component__module__semester_id__in=sem_ids).filter(
        Q(released_at__isnull=True) | Q(outcome=HoldOutcome.REFUSED))
    if only is not None:
        holds = holds.filter(student_id__in=only)
    hold_rows = list(holds.values_list("student_id", "evaluation_id", "outcome"))
    keys = _cohort_keys(semesters)
    # The students already read (reg_rows) as a plain list: as a sub-query PostgreSQL could pick a plan
    # that ran for minutes on fresh tables (no statistics yet), SQLite did not mind.
    history = load_history(keys.values(), sorted({row[0] for row in reg_rows}))
    return _build(semesters, ues, modules, links, components, sittings, reg_rows, mod_reg_rows,
                  _apply_holds(mark_rows, hold_rows), keys, History(history))


def _cohort_keys(semesters: list[Semester]) -> dict[int, CohortKey]:
    """What each study year's history depends on (juries.results.inputs)."""
    numbers: dict[int, set[int]] = defaultdict(set)
    for s in semesters:
        numbers[s.study_year_id].add(s.number)
    keys = {}
    for s in semesters:
        version = s.study_year.programme_version
        keys[s.study_year_id] = CohortKey(
            study_year_id=s.study_year_id, academic_year=version.academic_year, programme_id=version.programme_id,
            level=s.study_year.level, semester_numbers=frozenset(numbers[s.study_year_id]),
            capitalisation=version.ue_capitalisation,
            but=KIND_BY_DIPLOMA.get(version.programme.diploma_type) is ProgrammeKind.BUT)
    return keys


def _apply_holds(mark_rows: Iterable, hold_rows: list[tuple[int, int, str]]) -> list:
    """Mark rows with holds applied: an active hold makes the mark ``ATT`` (added when no mark is
    stored yet), a refused right to sit (STRAS-35) drops it. Refused wins over active."""
    if not hold_rows:
        return list(mark_rows)
    refused = {(st, ev) for st, ev, outcome in hold_rows if outcome == HoldOutcome.REFUSED}
    held = {(st, ev) for st, ev, outcome in hold_rows if not outcome} - refused
    out = []
    for row in mark_rows:
        pair = (row[0], row[1])
        if pair in refused:
            continue
        if pair in held:
            held.discard(pair)
            out.append((row[0], row[1], None, Special.ATT.value))
            continue
        out.append(row)
    out.extend((st, ev, None, Special.ATT.value) for st, ev in sorted(held))
    return out


def _build(semesters: list[Semester], ues: list, modules: list, links: list, components: list, sittings: list,
           reg_rows: list, mod_reg_rows: list, mark_rows: Iterable, keys: dict[int, CohortKey],
           history: History) -> list[Cohort]:
    by_year: dict[int, list[Semester]] = defaultdict(list)
    for s in semesters:
        by_year[s.study_year_id].append(s)
    sem_code = {s.pk: f"S{s.number}" for s in semesters}
    sem_year = {s.pk: s.study_year_id for s in semesters}
    ue_code = {pk: code for pk, _s, code, _e, _c in ues}
    coefs: dict[int, dict[str, float]] = defaultdict(dict)
    for module_id, ue_id, coef in links:
        coefs[module_id][ue_code[ue_id]] = _f(coef)
    module_sem = {pk: sem for pk, sem, *_ in modules}
    module_code = {pk: code for pk, _s, code, *_ in modules}
    comps_by_module: dict[int, list[tuple]] = defaultdict(list)
    for row in components:
        comps_by_module[row[1]].append(row)
    sittings_by_comp: dict[int, list[tuple]] = defaultdict(list)
    for row in sittings:
        sittings_by_comp[row[1]].append(row)
    # Engine evaluations (session 1) and session-2 sittings, per module.
    eval_code: dict[int, str] = {}  # session-1 sitting id -> engine code
    eval_scale: dict[int, int] = {}
    resit_of: dict[int, tuple[int, float]] = {}  # session-2 sitting id -> (module id, weight)
    engine_evals: dict[int, list[Evaluation]] = defaultdict(list)
    has_resits: dict[int, bool] = defaultdict(bool)  # study year id -> any session-2 component
    for module_id, comps in comps_by_module.items():
        for comp_id, _m, weight, session, scale in comps:
            first = [s for s in sittings_by_comp[comp_id] if s[2] == "1"]
            second = [s for s in sittings_by_comp[comp_id] if s[2] == "2"]
            if session in ("2", "both"):
                has_resits[sem_year[module_sem[module_id]]] = True
            for sid, _c, _s, sc in second:
                resit_of[sid] = (module_id, _f(weight) / len(second))
                eval_scale[sid] = sc
            if session == "2":
                continue
            if not first:  # not created yet: one evaluation without marks (pending)
                engine_evals[module_id].append(Evaluation(f"c{comp_id}", _f(weight) or 1.0, scale))
                continue
            for sid, _c, _s, sc in first:
                code = f"e{sid}"
                eval_code[sid], eval_scale[sid] = code, sc
                engine_evals[module_id].append(Evaluation(code, _f(weight) / len(first) or 1.0, sc))
    cohorts: dict[int, Cohort] = {}
    for year_id, sems in by_year.items():
        version = sems[0].study_year.programme_version
        values = _profile_values(version.programme.component, version.academic_year)
        values = {**values, "juries.pass_mark": str(version.validation_threshold)}
        params = EngineParams.from_profile(values)
        kind = KIND_BY_DIPLOMA.get(version.programme.diploma_type, ProgrammeKind.LICENCE)
        sem_pks = {s.pk for s in sems}
        year_ues = {code: UE(code, sem_code[sem], _f(ects), _f(ects), comp or "")
                    for _pk, sem, code, ects, comp in ues if sem in sem_pks}
        year_modules = {
            module_code[pk]: Module(
                module_code[pk], tuple(engine_evals[pk]), coefs[pk],
                ResitMode(rule) if rule in ResitMode._value2member_map_ else params.resit_default,
                floor=None if floor is None else _f(floor),
            )
            for pk, sem, _code, rule, floor in modules if sem in sem_pks
        }
        programme = Programme(
            code=version.programme.code, kind=kind,
            semesters=tuple(EngineSemester(sem_code[s.pk], s.number,
                                           tuple(c for _p, sem, c, _e, _c in ues if sem == s.pk)) for s in sems),
            ues=year_ues, modules=year_modules,
            compensation=Compensation(version.compensation_within_ue, version.compensation_between_ues,
                                      version.compensation_between_semesters),
            second_session=has_resits[year_id],
        )
        structure = hashlib.blake2b(repr((programme, sorted(values.items(), key=lambda kv: kv[0]))).encode(),
                                    digest_size=16).hexdigest()
        cohorts[year_id] = Cohort(year_id, version.academic_year, programme, params, 1,
                                  {sem_code[s.pk]: s.pk for s in sems}, structure_hash=structure)
    # Students: registered semesters, regime, names, module registrations.
    info: dict[int, dict[str, Any]] = {}
    for user_id, sem_id, regime, last, first in reg_rows:
        st = info.setdefault(user_id, {"sems": set(), "year": sem_year[sem_id],
                                       "apprentice": regime == Regime.APPRENTICE, "name": f"{last} {first}".strip()})
        st["sems"].add(sem_id)
    registered_modules: dict[int, set[int]] = defaultdict(set)
    for user_id, module_id in mod_reg_rows:
        registered_modules[user_id].add(module_id)
    marks: dict[int, dict[str, Any]] = {user_id: {} for user_id in info}
    resit_parts: dict[int, dict[int, list[tuple[float, Any]]]] = defaultdict(lambda: defaultdict(list))
    # per sitting: (engine code or None, factor to /20, (module id, weight) for a session-2 sitting)
    sitting_info = {sid: (eval_code.get(sid), REFERENCE_SCALE / (eval_scale.get(sid) or REFERENCE_SCALE),
                          resit_of.get(sid)) for sid, *_rest in sittings}
    specials = {s.value: s for s in Special}
    for student_id, sitting_id, value, special in mark_rows:
        own = marks.get(student_id)
        if own is None:
            continue
        engine_code, factor, resit = sitting_info[sitting_id]
        if special:
            mark: Any = specials[special]
        elif value is None:
            continue
        else:
            mark = value * factor
        if engine_code is not None:
            own[engine_code] = mark
        elif resit is not None:
            resit_parts[student_id][resit[0]].append((resit[1], mark))
    for user_id, st in sorted(info.items()):
        cohort = cohorts[st["year"]]
        own = marks.get(user_id, {})
        registered = registered_modules.get(user_id)
        if registered:  # neutralise the modules of their semesters they are not registered to
            for pk, sem, *_rest in modules:
                if sem in st["sems"] and pk not in registered:
                    for ev in engine_evals[pk]:
                        own[ev.code] = Special.EXC
        resits = {module_code[m]: _resit_mark(parts) for m, parts in resit_parts.get(user_id, {}).items()}
        if resits and cohort.programme.second_session:
            cohort.session = 2
        past = history.for_student(user_id, keys[st["year"]], cohort.programme.semesters[0].year)
        student = StudentInput(id=str(user_id), name=st["name"], marks=own, resits=resits,
                               apprentice=st["apprentice"], capitalised=past.capitalised, repeats=past.repeats,
                               first_year_ues_validated=past.first_year_ues_validated,
                               sport_sessions=past.sport_sessions, engagement=past.engagement)
        cohort.students.append(student)
        cohort.registered[student.id] = st["sems"]
        cohort.history[student.id] = past.summary(
            _exempted_open_modules(cohort, registered, st["sems"], modules, module_code, past.capitalised))
        cohort.history_hash[student.id] = past.hash_key()
    for cohort in cohorts.values():  # the session applies to the whole cohort: part of every hash
        codes = sorted(e.code for m in cohort.programme.modules.values() for e in m.evaluations)
        for student in cohort.students:
            inputs = student.marks
            cohort.inputs_hash[student.id] = hashlib.blake2b(
                repr((cohort.structure_hash, cohort.session, student.name, [inputs.get(c) for c in codes],
                      sorted(student.resits.items()), student.apprentice,
                      sorted(cohort.registered[student.id]), cohort.history_hash[student.id])).encode(),
                digest_size=16).hexdigest()
    return [c for c in cohorts.values() if c.students]


def _resit_mark(parts: list[tuple[float, Any]]) -> Any:
    """Weighted mean of a module's second-session sittings; a special code if one is special."""
    for _w, mark in parts:
        if isinstance(mark, Special):
            return mark
    total = sum(w for w, _m in parts)
    return sum(w * m for w, m in parts) / total if total else parts[0][1]


def _exempted_open_modules(cohort: Cohort, registered: set[int] | None, sems: set[int], modules: list,
                           module_code: dict[int, str], capitalised: dict[str, float]) -> list[str]:
    """Modules the student is exempted from (not registered to) because of a capitalised UE but
    which also feed a UE that is *not* capitalised (a BUT module feeds several UEs): that UE's mean
    is computed without them. The exemption and the capitalisation disagree; shown to the jury."""
    if not registered or not capitalised:
        return []
    out = []
    for pk, sem, *_rest in modules:
        if sem in sems and pk not in registered:
            feeds = cohort.programme.modules[module_code[pk]].ue_coefficients
            if any(ue in capitalised for ue in feeds) and any(ue not in capitalised for ue in feeds):
                out.append(module_code[pk])
    return out
