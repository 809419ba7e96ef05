"""The M3C of a programme version as plain JSON (published snapshot, PDF context, API)."""

from __future__ import annotations

from typing import Any

from courses.models import ProgrammeVersion
from courses.selectors import version_with_structure


def _d(value: Any) -> Any:
    return None if value is None else str(value)


def m3c_data(version_id: int) -> dict[str, Any]:
    """Display-ready M3C of a version, built from one prefetched read (bounded queries)."""
    v: ProgrammeVersion = version_with_structure(version_id)
    p = v.programme
    years = []
    for year in v.study_years.all():
        semesters = []
        for s in year.semesters.all():
            ues = [{
                "code": ue.code, "title": ue.title, "ects": _d(ue.ects),
                "competence": str(ue.competence_level.competence) if ue.competence_level else "",
                "level": ue.competence_level.level if ue.competence_level else None,
                "parcours": [x.code for x in ue.parcours.all()],
            } for ue in s.ues.all()]
            modules = [{
                "id": m.pk, "code": m.code, "title": m.title, "kind": m.get_kind_display(),
                "hours": _d(m.hours), "ects": _d(m.ects), "is_optional": m.is_optional,
                "parcours": [x.code for x in m.parcours.all()],
                "coefficients": [{"ue": link.ue.code, "coefficient": _d(link.coefficient)}
                                 for link in m.ue_links.all()],
                "validation_threshold": _d(m.validation_threshold or v.validation_threshold),
                "eliminatory_mark": _d(m.eliminatory_mark),
                "attendance_condition": m.attendance_condition,
                "second_session_rule": m.get_second_session_rule_display(),
                "cc_carry_over": m.cc_carry_over,
                "min_assessments_exception": m.min_assessments_exception,
                "components": [{
                    "code": c.code, "title": c.title, "type": c.get_type_display(),
                    "weight_percent": _d(c.weight_percent), "session": c.get_session_display(),
                    "duration_minutes": c.duration_minutes,
                    "prep_minutes": c.prep_minutes, "group_mode": c.get_group_mode_display(),
                    "anonymous": c.anonymous, "double_marking": c.double_marking, "language": c.language,
                    "is_continuous": c.is_continuous, "evaluation_count": c.evaluation_count,
                    "window_start": _d(c.window_start), "window_end": _d(c.window_end),
                    "planned_date": _d(c.planned_date), "allowed_documents": c.allowed_documents,
                    "allowed_materials": c.allowed_materials, "marking_scale": c.marking_scale,
                } for c in m.components.all()],
            } for m in s.modules.all()]
            semesters.append({"number": s.number, "start_date": _d(s.start_date), "end_date": _d(s.end_date),
                              "ues": ues, "modules": modules})
        rcues = [{"competence": str(r.competence_level.competence), "level": r.competence_level.level,
                  "ue_odd": r.ue_odd.code, "ue_even": r.ue_even.code} for r in year.rcues.all()]
        years.append({"level": year.level, "label": year.label, "semesters": semesters, "rcues": rcues})
    return {
        "programme": {"code": p.code, "title": p.title, "diploma_type": p.get_diploma_type_display(),
                      "mention": p.mention, "component": p.component.name},
        "academic_year": v.academic_year,
        "academic_year_label": f"{v.academic_year}-{v.academic_year + 1}",
        "revision": v.revision,
        "council": v.council, "council_date": _d(v.council_date),
        "settings": {
            "compensation_within_ue": v.compensation_within_ue,
            "compensation_between_ues": v.compensation_between_ues,
            "compensation_between_semesters": v.compensation_between_semesters,
            "ue_capitalisation": v.ue_capitalisation,
            "validation_threshold": _d(v.validation_threshold),
        },
        "competences": [{"number": c.number, "code": c.code, "title": c.title,
                         "levels": [lv.level for lv in c.levels.all()]} for c in v.competences.all()],
        "parcours": [{"code": x.code, "title": x.title} for x in v.parcours.all()],
        "years": years,
    }
