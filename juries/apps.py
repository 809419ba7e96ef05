from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "juries"
    verbose_name = _("Notes et jurys")

    def ready(self) -> None:
        import juries.entry.parameters  # noqa: F401 - registers the grade-entry profile parameters
