"""Notice kinds of enrollment (templates in templates/notices/<code>/)."""

from core.notices_registry import NoticeKind, register_kind

register_kind(
    NoticeKind(
        code="enrollment.incomplete",
        required=("student_name", "programme_year", "academic_year", "missing", "url"),
        rule_id="ARL-ES05.5-check-file",
        description="Dossier d'inscription incomplet : liste exacte des pièces manquantes ou refusées.",
    ),
    NoticeKind(
        code="enrollment.validated",
        required=("student_name", "programme_year", "academic_year", "url", "originals_due"),
        rule_id="ARL-ES07-overseas",
        description="Inscription administrative validée (originaux attendus pour une validation à distance).",
    ),
)

register_kind(
    NoticeKind(
        code="enrollment.accommodation_decision",
        required=("student_name", "decision", "state", "reasons", "accommodations", "valid_from", "valid_until",
                  "url"),
        rule_id="TOURS-VI-3.2-accommodation-request",
        description="Décision du service handicap sur une demande d'aménagement d'épreuves (motifs si refus "
                    "ou accord partiel).",
    ),
)
