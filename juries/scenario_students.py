"""Students of a scenario file: marks, resits, capitalised UEs, absences, bonuses, jury inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from juries.engine_types import Absences, JuryInput, Programme, StudentInput
from juries.rules.averages import ResitMode
from juries.rules.values import MarkError, parse_mark
from juries.scenario_reader import Reader

_STUDENT_KEYS = {"id", "name", "marks", "resits", "capitalised", "apprentice", "exchange", "abandoned", "absences",
                 "sport_sessions", "engagement", "repeats", "first_year_ues_validated", "jury"}


def read_student(r: Reader, raw: Any, sp: str, programme: Programme, values: Mapping[str, Any]) -> StudentInput:
    s = r.mapping(raw, sp)
    r.unknown_keys(s, _STUDENT_KEYS, sp)
    scales = {e.code: e.scale for m in programme.modules.values() for e in m.evaluations}
    decimals = values["juries.mark_decimals"]
    marks = {}
    for ecode, value in r.mapping(s.get("marks"), f"{sp}.marks", required=False).items():
        if ecode not in scales:
            r.err(f"{sp}.marks.{ecode}", "évaluation inconnue")
            continue
        try:
            marks[ecode] = parse_mark(value, scale=scales[ecode], decimals=decimals)
        except MarkError as exc:
            r.err(f"{sp}.marks.{ecode}", exc.reason)
    resits = {}
    for mcode, value in r.mapping(s.get("resits"), f"{sp}.resits", required=False).items():
        module = programme.modules.get(mcode)
        if module is None:
            r.err(f"{sp}.resits.{mcode}", "module inconnu")
        elif module.resit is ResitMode.NONE:
            r.err(f"{sp}.resits.{mcode}", "module non rattrapable (resit: none)")
        else:
            try:
                resits[mcode] = parse_mark(value, scale=values["juries.mark_scale"], decimals=decimals)
            except MarkError as exc:
                r.err(f"{sp}.resits.{mcode}", exc.reason)
    capitalised = {}
    for ucode, value in r.mapping(s.get("capitalised"), f"{sp}.capitalised", required=False).items():
        if ucode not in programme.ues:
            r.err(f"{sp}.capitalised.{ucode}", "UE inconnue")
        capitalised[ucode] = r.number(value, f"{sp}.capitalised.{ucode}")
    sem_codes = {sem.code: sem.index for sem in programme.semesters}
    absences = {}
    for scode, araw in r.mapping(s.get("absences"), f"{sp}.absences", required=False).items():
        ap = f"{sp}.absences.{scode}"
        if scode not in sem_codes:
            r.err(ap, "semestre inconnu")
        a = r.mapping(araw, ap)
        r.unknown_keys(a, {"unjustified_hours", "justified_hours", "iti_days"}, ap)
        absences[scode] = Absences(
            r.number(a.get("unjustified_hours"), f"{ap}.unjustified_hours", default=0.0),
            r.number(a.get("justified_hours"), f"{ap}.justified_hours", default=0.0),
            tuple(r.number(h, f"{ap}.iti_days[{k}]") for k, h in enumerate(r.seq(a.get("iti_days"), f"{ap}.iti_days",
                                                                                   required=False))),
        )
    sport: dict[int, int] = {}
    for year, n in r.mapping(s.get("sport_sessions"), f"{sp}.sport_sessions", required=False).items():
        if not isinstance(year, int) or isinstance(n, bool) or not isinstance(n, int) or n < 0:
            r.err(f"{sp}.sport_sessions.{year}", "année (entier) -> nombre de séances (entier) attendu")
            continue
        sport[int(year)] = n
    engagement: dict[int, tuple[tuple[str, float], ...]] = {}
    for year, items in r.mapping(s.get("engagement"), f"{sp}.engagement", required=False).items():
        ep = f"{sp}.engagement.{year}"
        if not isinstance(year, int):
            r.err(ep, "clé : numéro d'année (entier) attendu")
            continue
        engagement[int(year)] = tuple(
            (r.text(r.mapping(it, f"{ep}[{k}]").get("type"), f"{ep}[{k}].type"),
             r.number(r.mapping(it, f"{ep}[{k}]").get("points"), f"{ep}[{k}].points"))
            for k, it in enumerate(r.seq(items, ep))
        )
    repeats = {}
    for scode, n in r.mapping(s.get("repeats"), f"{sp}.repeats", required=False).items():
        index = int(str(scode)[1:]) if str(scode)[:1] == "S" and str(scode)[1:].isdigit() else None
        if index is None or isinstance(n, bool) or not isinstance(n, int) or n < 0:
            r.err(f"{sp}.repeats.{scode}", "S<n>: nombre de redoublements (entier) attendu")
            continue
        repeats[index] = n
    jury = r.mapping(s.get("jury"), f"{sp}.jury", required=False)
    r.unknown_keys(jury, {"lift_absence_block", "s5_waiver", "director_extra_repeat"}, f"{sp}.jury")
    lifted = frozenset(str(x) for x in r.seq(jury.get("lift_absence_block"), f"{sp}.jury.lift_absence_block",
                                             required=False))
    fy = s.get("first_year_ues_validated")
    return StudentInput(
        id=r.text(s.get("id"), f"{sp}.id"), name=str(s.get("name") or ""), marks=marks, resits=resits,
        capitalised=capitalised,
        apprentice=r.boolean(s.get("apprentice"), f"{sp}.apprentice"),
        exchange=r.boolean(s.get("exchange"), f"{sp}.exchange"),
        abandoned=r.boolean(s.get("abandoned"), f"{sp}.abandoned"),
        absences=absences, sport_sessions=sport, engagement=engagement, repeats=repeats,
        first_year_ues_validated=None if fy is None else r.boolean(fy, f"{sp}.first_year_ues_validated"),
        jury=JuryInput(lifted, r.boolean(jury.get("s5_waiver"), f"{sp}.jury.s5_waiver"),
                       r.boolean(jury.get("director_extra_repeat"), f"{sp}.jury.director_extra_repeat")),
    )
