"""Profile parameters used by the shared layer (deadline reminders)."""

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, int_list, register

register(
    Param(
        key="core.deadline_reminder_days",
        label=_("Rappels avant une échéance"),
        kind=Kind.LIST,
        unit="days",
        rule_ids=(),  # a local choice: no regulation fixes reminder lead times
        default=[7, 2],
        validator=int_list(min_value=0, max_value=90),
        help=_("Nombre de jours calendaires avant l'échéance où un rappel est envoyé au responsable."),
    ),
)
