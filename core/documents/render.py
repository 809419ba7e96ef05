"""HTML template → PDF bytes with WeasyPrint.

Every document template extends ``documents/base.html``, which prints the institution, the
reference, the version, the issue date and the checksum note on every page. The print
stylesheet is ``static/css/print.css``; fonts are the system's DejaVu / Liberation families
(the infra image installs them), so output does not depend on a network fetch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

PRINT_STYLESHEET = "css/print.css"


def _static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def _url_fetcher(url: str, *args: Any, **kwargs: Any) -> Any:
    """Only local files are fetched: a template can never make the worker call the network."""
    from weasyprint.urls import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"Remote resources are not fetched in documents: {url}")
    return default_url_fetcher(url, *args, **kwargs)


def render_html(template: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def render_pdf(template: str, context: dict[str, Any], language: str = "fr") -> bytes:
    """Render ``template`` with ``context`` in ``language`` and return the PDF bytes."""
    from weasyprint import CSS, HTML

    html = render_html(template, context, language)
    stylesheet = finders.find(PRINT_STYLESHEET) or str(_static_root() / PRINT_STYLESHEET)
    document = HTML(string=html, base_url=_static_root().as_uri() + "/", url_fetcher=_url_fetcher)
    return document.write_pdf(stylesheets=[CSS(filename=stylesheet)])
