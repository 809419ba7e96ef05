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

RESERVE_UPDATE = "exams.reserve_update"

register_kind(
    NoticeKind(
        code=RESERVE_UPDATE,
        required=("student_name", "module_title", "exam_date", "state", "message", "url"),
        rule_id="UTC-3.01e-reserve-decision",
        description="Évolution du dossier d'absence à une épreuve : mise en réserve proposée, zéro maintenu, "
                    "réserve levée, ou réserve expirée transformée en zéro (UTC-3.01e-reserve-deadline).",
    ),
)

INVIGILATION_CALENDAR = "exams.invigilation_calendar"

register_kind(
    NoticeKind(
        code=INVIGILATION_CALENDAR,
        required=("name", "session_title", "lines", "url"),
        rule_id="STRAS-47",
        description="Calendrier des surveillances d'une session envoyé à chaque surveillant (STRAS-47 : au moins "
                    "15 jours avant la session), avec un fichier ICS.",
    ),
)
