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
        late_attachments="exams.services.convocation_pdf.convocation_pdf_attachments",
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

UNLISTED_CANDIDATE = "exams.unlisted_candidate"

register_kind(
    NoticeKind(
        code=UNLISTED_CANDIDATE,
        required=("student_name", "module_title", "exam_date", "state", "message", "url"),
        rule_id="STRAS-35",
        description="Candidat absent de la liste d'émargement ajouté sur place (STRAS-35, TOURS-VI-3.1-not-on-list) : "
                    "note suspendue, puis autorisation à composer confirmée ou refusée par le service des examens.",
    ),
)

# -- absence files (H4): opening (mark, proof deadline) and proofs received by the module head ----------
ABSENCE_RECORDED = "exams.absence_recorded"

register_kind(
    NoticeKind(
        code=ABSENCE_RECORDED,
        required=("student_name", "module_title", "exam_date", "mark", "message", "deadline", "rule_id", "url"),
        rule_id="UTC-3.01e-zero",
        description="Absence constatée à une épreuve : note inscrite (zéro ou ABI : UTC-3.01e-zero, RSY-A3-abi-zero) "
                    "et, si le règlement prévoit une procédure, date limite des justificatifs "
                    "(UTC-3.01e-reserve-request, RSY-A2-notify).",
    ),
)

ABSENCE_PROOFS_RECEIVED = "exams.absence_proofs_received"

register_kind(
    NoticeKind(
        code=ABSENCE_PROOFS_RECEIVED,
        required=("name", "student_name", "module_title", "exam_date", "url"),
        rule_id="UTC-3.01e-reserve-request",
        description="Justificatifs d'absence reçus : le responsable du module décide (mise en réserve ou zéro "
                    "maintenu, UTC-3.01e-reserve-decision ; rattrapage, RSY-A2-makeup).",
    ),
)
