"""Strict rendering of notice templates: a variable the template uses but the context lacks is
an error naming the variable, the kind and its rule (never a silently blank e-mail).

Templates: ``templates/notices/<kind>/subject.<lang>.txt``, ``body.<lang>.txt`` and optionally
``body.<lang>.html``. French is required; another language falls back to French when its
template is absent. Text templates are rendered without auto-escaping, HTML with it.

Strictness: notices use their own template engines whose ``string_if_invalid`` raises when a
variable is output (``{{ missing }}``) and cannot be resolved. ``{% if x %}`` and ``{% for %}``
still treat a missing variable as false/empty, so optional parts are written with ``{% if %}``;
``{{ x|default:"…" }}`` on a missing key is an error (pass the key, possibly empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.notices_registry import NoticeKind

DEFAULT_LANGUAGE = "fr"


class MissingVariable(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _RaiseOnInvalid(str):
    """A ``string_if_invalid`` that raises: Django formats it with the variable's name."""

    __slots__ = ()

    def __contains__(self, item: object) -> bool:
        return item == "%s"

    def __mod__(self, other: object) -> str:
        raise MissingVariable(str(other))


@cache
def _engine(autoescape: bool) -> Engine:
    options: dict[str, Any] = settings.TEMPLATES[0]
    dirs: list[Any] = list(options.get("DIRS", []))
    return Engine(
        dirs=[str(d) for d in dirs],
        app_dirs=True,
        string_if_invalid=_RaiseOnInvalid("strict"),
        autoescape=autoescape,
        builtins=["django.templatetags.i18n", "django.contrib.humanize.templatetags.humanize"],
    )


@dataclass(frozen=True)
class RenderedNotice:
    language: str
    subject: str
    body: str
    html: str | None


def _template_error(kind: NoticeKind, code: str, message: str, fields: dict[str, str]) -> ApplicationError:
    return ApplicationError(code, message, fields=fields, rule_id=kind.rule_id)


def _render_one(kind: NoticeKind, name: str, language: str, context: dict[str, Any], *,
                html: bool = False, optional: bool = False) -> tuple[str, str] | None:
    """Render ``<name>.<language>``, falling back to French; returns (language used, text)."""
    engine = _engine(autoescape=html)
    ext = "html" if html else "txt"
    for lang in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        path = f"{kind.template_dir()}/{name}.{lang}.{ext}"
        try:
            template = engine.get_template(path)
        except TemplateDoesNotExist:
            continue
        try:
            with translation.override(lang):
                return lang, template.render(Context(context, autoescape=html))
        except MissingVariable as exc:
            raise _template_error(
                kind, "notices.missing_context",
                _("Le modèle « %(path)s » utilise la variable « %(var)s », absente du contexte de la "
                  "notification « %(kind)s ».") % {"path": path, "var": exc.name, "kind": kind.code},
                {exc.name.split(".")[0]: _("Variable requise par le modèle %(path)s.") % {"path": path}},
            ) from None
    if optional:
        return None
    raise _template_error(
        kind, "notices.template_missing",
        _("Aucun modèle « %(name)s » pour la notification « %(kind)s » (templates/%(dir)s/%(name)s.fr.%(ext)s).")
        % {"name": name, "kind": kind.code, "dir": kind.template_dir(), "ext": ext},
        {"kind": _("Modèle manquant.")},
    )


def render_notice(kind: NoticeKind, context: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> RenderedNotice:
    """Subject (one line), text body and optional HTML body in ``language`` (else French)."""
    subject_result = _render_one(kind, "subject", language, context)
    assert subject_result is not None
    used, subject = subject_result
    body_result = _render_one(kind, "body", used, context)
    assert body_result is not None
    html_result = _render_one(kind, "body", used, context, html=True, optional=True)
    subject = " ".join(subject.split())
    return RenderedNotice(language=used, subject=subject, body=body_result[1].strip() + "\n",
                          html=html_result[1] if html_result else None)
