"""Scenario files (docs/scenario-format.md): YAML -> engine inputs, with errors naming the YAML path.

Loading is all-or-nothing: every problem found is collected and reported together as
``ScenarioError`` (``errors`` = list of ``(path, message)``), e.g.
``students[1].marks.R1.01-DS: 21 hors de l'intervalle 0–20``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from core.errors import ApplicationError
from core.profiles.registry import PRESETS, preset_values, validate_value
from juries.engine_types import (
    UE,
    Compensation,
    EngineParams,
    Evaluation,
    Module,
    Programme,
    ProgrammeKind,
    RequiredGroup,
    Semester,
    StudentInput,
)
from juries.rules.averages import ResitMode
from juries.scenario_reader import Reader, ScenarioError
from juries.scenario_students import read_student

__all__ = ["Scenario", "ScenarioError", "load_scenario", "parse_scenario", "simulate"]


@dataclass(frozen=True)
class Scenario:
    name: str
    preset: str
    overrides: Mapping[str, Any]
    params: EngineParams
    programme: Programme
    students: tuple[StudentInput, ...]
    session: int


def load_scenario(path: str | Path) -> Scenario:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError([(str(path), f"fichier illisible : {exc.strerror}")]) from None
    return parse_scenario(text, source=str(path))


def parse_scenario(text: str, *, source: str = "<scenario>") -> Scenario:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise ScenarioError([(where, f"YAML invalide : {getattr(exc, 'problem', None) or exc}")]) from None
    r = Reader()
    data = r.mapping(data, "(racine)")
    r.unknown_keys(data, {"name", "description", "profile", "session", "programme", "students"}, "")
    preset, overrides, values = _profile(r, data.get("profile"))
    params = EngineParams.from_profile(values) if not r.errors else None
    session = data.get("session", 1)
    if session not in (1, 2):
        r.err("session", "1 ou 2 attendu")
    programme = _programme(r, data.get("programme"), values)
    if session == 2 and not programme.second_session:
        r.err("session", "seconde session demandée mais programme.second_session n'est pas true")
    if not programme.semesters:
        r.err("programme.semesters", "au moins un semestre attendu")
    _check_structure(r, programme)
    students = tuple(
        read_student(r, raw, f"students[{i}]", programme, values)
        for i, raw in enumerate(r.seq(data.get("students"), "students"))
    )
    ids = [s.id for s in students]
    for i, sid in enumerate(ids):
        if sid and ids.index(sid) != i:
            r.err(f"students[{i}].id", f"identifiant en double : {sid}")
    if r.errors or params is None:
        raise ScenarioError(r.errors)
    return Scenario(str(data.get("name", source)), preset, overrides, params, programme, students, session)


def _check_structure(r: Reader, programme: Programme) -> None:
    """Semester codes and indexes unique; BUT UEs name their competence, once per semester."""
    seen_codes: set[str] = set()
    seen_index: set[int] = set()
    for i, sem in enumerate(programme.semesters):
        if sem.code in seen_codes:
            r.err(f"programme.semesters[{i}].code", f"semestre en double : {sem.code}")
        if sem.index in seen_index:
            r.err(f"programme.semesters[{i}].index", f"numéro de semestre en double : {sem.index}")
        seen_codes.add(sem.code)
        seen_index.add(sem.index)
        if programme.kind is not ProgrammeKind.BUT:
            continue
        competences: set[str] = set()
        for j, ue_code in enumerate(sem.ues):
            competence = programme.ues[ue_code].competence
            path = f"programme.semesters[{i}].ues[{j}].competence"
            if not competence:
                r.err(path, "BUT : la compétence de l'UE est obligatoire (appariement des RCUE)")
            elif competence in competences:
                r.err(path, f"compétence {competence} déjà portée par une autre UE du semestre")
            competences.add(competence)


def _profile(r: Reader, raw: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    data = r.mapping(raw, "profile")
    r.unknown_keys(data, {"preset", "overrides"}, "profile")
    preset = data.get("preset")
    if preset not in PRESETS:
        r.err("profile.preset", f"préréglage inconnu {preset!r} (choisir parmi : {', '.join(PRESETS)})")
        preset = PRESETS[0]
    values = preset_values(preset)
    overrides: dict[str, Any] = {}
    for key, value in r.mapping(data.get("overrides"), "profile.overrides", required=False).items():
        try:
            overrides[key] = values[key] = validate_value(key, value)
        except ApplicationError as exc:
            r.err(f"profile.overrides.{key}", str(exc.message))
    return preset, overrides, values


def _programme(r: Reader, raw: Any, values: Mapping[str, Any]) -> Programme:
    data = r.mapping(raw, "programme")
    r.unknown_keys(data, {"code", "kind", "second_session", "compensation", "required_groups", "semesters",
                          "modules"}, "programme")
    try:
        kind = ProgrammeKind(str(data.get("kind")))
    except ValueError:
        r.err("programme.kind", f"type inconnu {data.get('kind')!r} (but, licence, lp, master)")
        kind = ProgrammeKind.LICENCE
    defaults = dict(values["juries.compensation_by_kind"].get(kind.value, {}))
    comp_raw = r.mapping(data.get("compensation"), "programme.compensation", required=False)
    r.unknown_keys(comp_raw, {"within_ue", "between_ues", "between_semesters"}, "programme.compensation")
    for key in ("within_ue", "between_ues", "between_semesters"):
        defaults[key] = r.boolean(comp_raw.get(key), f"programme.compensation.{key}", defaults.get(key, False))
    semesters, ues = [], {}
    for i, sraw in enumerate(r.seq(data.get("semesters"), "programme.semesters")):
        sp = f"programme.semesters[{i}]"
        s = r.mapping(sraw, sp)
        r.unknown_keys(s, {"code", "index", "hours", "ues"}, sp)
        index = s.get("index")
        if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= 10:
            r.err(f"{sp}.index", "numéro de semestre entier de 1 à 10 attendu")
            index = 1
        code = r.text(s.get("code"), f"{sp}.code")
        codes = []
        for j, uraw in enumerate(r.seq(s.get("ues"), f"{sp}.ues")):
            up = f"{sp}.ues[{j}]"
            u = r.mapping(uraw, up)
            r.unknown_keys(u, {"code", "ects", "coefficient", "competence"}, up)
            ucode = r.text(u.get("code"), f"{up}.code")
            if ucode in ues:
                r.err(f"{up}.code", f"UE en double : {ucode}")
            ects = r.number(u.get("ects"), f"{up}.ects")
            ues[ucode] = UE(ucode, code, ects, r.number(u.get("coefficient"), f"{up}.coefficient", default=ects),
                            str(u.get("competence") or ""))
            codes.append(ucode)
        hours = None if s.get("hours") is None else r.number(s.get("hours"), f"{sp}.hours")
        semesters.append(Semester(code, index, tuple(codes), hours))
    modules: dict[str, Module] = {}
    eval_codes: set[str] = set()
    for i, mraw in enumerate(r.seq(data.get("modules"), "programme.modules")):
        module = _module(r, mraw, f"programme.modules[{i}]", ues, eval_codes, values)
        if module is not None:
            if module.code in modules:
                r.err(f"programme.modules[{i}].code", f"module en double : {module.code}")
            modules[module.code] = module
    groups = []
    for i, graw in enumerate(r.seq(data.get("required_groups"), "programme.required_groups", required=False)):
        gp = f"programme.required_groups[{i}]"
        g = r.mapping(graw, gp)
        members = tuple(str(x) for x in r.seq(g.get("ues"), f"{gp}.ues"))
        for member in members:
            if member not in ues:
                r.err(f"{gp}.ues", f"UE inconnue : {member}")
        groups.append(RequiredGroup(r.text(g.get("name"), f"{gp}.name"), members,
                                    r.number(g.get("minimum"), f"{gp}.minimum", default=10.0)))
    return Programme(
        code=str(data.get("code", "")), kind=kind, semesters=tuple(semesters), ues=ues, modules=modules,
        compensation=Compensation(**defaults),
        second_session=r.boolean(data.get("second_session"), "programme.second_session"),
        required_groups=tuple(groups),
    )


def _module(r: Reader, raw: Any, mp: str, ues: Mapping[str, UE], eval_codes: set[str],
            values: Mapping[str, Any]) -> Module | None:
    m = r.mapping(raw, mp)
    r.unknown_keys(m, {"code", "ues", "evaluations", "resit", "carry_over", "resit_weight", "floor"}, mp)
    code = r.text(m.get("code"), f"{mp}.code")
    coefs = {}
    for ue_code, coef in r.mapping(m.get("ues"), f"{mp}.ues").items():
        if ue_code not in ues:
            r.err(f"{mp}.ues.{ue_code}", "UE inconnue")
        coefs[str(ue_code)] = r.number(coef, f"{mp}.ues.{ue_code}")
    evaluations = []
    for j, eraw in enumerate(r.seq(m.get("evaluations"), f"{mp}.evaluations")):
        ep = f"{mp}.evaluations[{j}]"
        e = r.mapping(eraw, ep)
        r.unknown_keys(e, {"code", "weight", "scale"}, ep)
        ecode = r.text(e.get("code"), f"{ep}.code")
        if ecode in eval_codes:
            r.err(f"{ep}.code", f"évaluation en double : {ecode}")
        eval_codes.add(ecode)
        scale = e.get("scale", values["juries.mark_scale"])
        if isinstance(scale, bool) or not isinstance(scale, int) or scale <= 0:
            r.err(f"{ep}.scale", "barème entier positif attendu")
            scale = 20
        evaluations.append(Evaluation(ecode, r.number(e.get("weight"), f"{ep}.weight", default=1.0), scale))
    try:
        resit = ResitMode(m.get("resit", values["juries.resit_default"]))
    except ValueError:
        r.err(f"{mp}.resit", "replace, best ou none attendu")
        resit = ResitMode.NONE
    carry = tuple(str(x) for x in r.seq(m.get("carry_over"), f"{mp}.carry_over", required=False))
    for c in carry:
        if c not in {e.code for e in evaluations}:
            r.err(f"{mp}.carry_over", f"évaluation inconnue dans ce module : {c}")
    floor = None if m.get("floor") is None else r.number(m.get("floor"), f"{mp}.floor")
    return Module(code, tuple(evaluations), coefs, resit, carry,
                  r.number(m.get("resit_weight"), f"{mp}.resit_weight", default=1.0), floor)


def simulate(scenario: Scenario) -> dict[str, Any]:
    """Compute a loaded scenario: the JSON document printed by ``simulate_results``."""
    from juries.engine import cohort_json, compute_cohort

    results = compute_cohort(scenario.programme, scenario.students, scenario.params, session=scenario.session)
    return {
        "scenario": scenario.name,
        "profile": {"preset": scenario.preset, "overrides": dict(scenario.overrides)},
        "programme": scenario.programme.code,
        "session": scenario.session,
        "students": cohort_json(scenario.programme, results, scenario.params),
    }
