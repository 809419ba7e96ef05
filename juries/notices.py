"""Notice kinds of grade entry (templates in templates/notices/<code>/)."""

from core.notices_registry import NoticeKind, register_kind

register_kind(
    NoticeKind(
        code="juries.provisional_marks",
        required=("student_name", "module", "evaluation", "provisional", "url"),
        rule_id="ARL-ES18.1-provisional-results",
        description="Notes (provisoires) d'une évaluation publiées à l'étudiant·e.",
    ),
    NoticeKind(
        code="juries.consultation_answered",
        required=("student_name", "evaluation", "state", "answer", "url"),
        rule_id="ARL-ES18.3-consultation",
        description="Réponse à une demande de consultation de copie.",
    ),
    NoticeKind(
        code="juries.contestation_answered",
        required=("student_name", "evaluation", "state", "answer", "old_mark", "new_mark", "url"),
        rule_id="UTC-5.03b-contest",
        description="Réponse à une contestation de note.",
    ),
)

#: Semester results published to a student (provisional or final), one notice per
#: (semester, result version, provisional|final, student): juries.results.notices.
RESULTS_PUBLISHED = "juries.results_published"

register_kind(
    NoticeKind(
        code=RESULTS_PUBLISHED,
        required=("student_name", "programme", "semester", "final", "url", "appeal_until", "appeal_info"),
        rule_id="ARL-ES18.1-provisional-results",
        description="Résultats de semestre (provisoires ou définitifs) publiés à l'étudiant·e.",
    ),
)
