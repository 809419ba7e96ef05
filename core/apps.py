from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle commun")

    def ready(self) -> None:
        # Every app declares its regulation-profile parameters and notice kinds in
        # <app>/parameters.py and <app>/notices.py; importing them registers them.
        from core.notices_registry import autodiscover_notice_kinds
        from core.profiles.registry import autodiscover_parameters

        autodiscover_parameters()
        autodiscover_notice_kinds()
