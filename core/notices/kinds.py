"""Notice kinds of the shared layer (templates in templates/notices/core.*/)."""

from core.notices_registry import NoticeKind, register_kind

DEADLINE_REMINDER = "core.deadline_reminder"
DEADLINE_LATE = "core.deadline_late"
TEST_NOTICE = "core.test_notice"

register_kind(
    NoticeKind(
        code=DEADLINE_REMINDER,
        required=("recipient_name", "title", "due", "days_before", "rule_id", "url"),
        description="Rappel avant une échéance (délais de rappel du profil : core.deadline_reminder_days).",
    ),
    NoticeKind(
        code=DEADLINE_LATE,
        required=("recipient_name", "title", "due", "rule_id", "url"),
        description="Échéance dépassée : la chose due n'a pas été faite à temps.",
    ),
    NoticeKind(
        code=TEST_NOTICE,
        required=("recipient_name", "site_url"),
        description="E-mail de test envoyé depuis la page des notifications (vérifie la configuration SMTP).",
    ),
)
