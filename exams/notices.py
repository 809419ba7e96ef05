"""Notice kinds of the exam office (templates in templates/notices/<code>/)."""

from core.notices_registry import NoticeKind, register_kind

CONVOCATION = "exams.convocation"

register_kind(
    NoticeKind(
        code=CONVOCATION,
        required=("student_name", "module_title", "nature", "date", "start", "end", "duration", "room", "seat",
                  "anonymity_number", "allowed_documents", "allowed_materials", "accommodations", "session_title",
                  "changed", "url"),
        rule_id="UTC-2.02-convocation-content",
        description="Convocation individuelle à une épreuve (UTC-2.02-convocation-content, STRAS-28, "
                    "TOURS-VI-1-individual, STRAS-29) avec le fichier ICS de l'épreuve ; renvoyée à chaque "
                    "modification (date, salle, place).",
    ),
)
