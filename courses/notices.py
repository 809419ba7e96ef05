"""Notice kinds of courses (templates in templates/notices/<code>/)."""

from core.notices_registry import NoticeKind, register_kind

register_kind(
    NoticeKind(
        code="courses.m3c_amendment",
        required=("student_name", "module", "programme", "academic_year", "reason", "council", "council_date",
                  "first_exam", "changes", "url"),
        rule_id="TOURS-II-exceptional",
        description="Modification exceptionnelle des M3C d'un module, portée à la connaissance des étudiants "
                    "au moins 15 jours avant les épreuves concernées.",
    ),
)
