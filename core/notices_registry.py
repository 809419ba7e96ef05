"""Notice kinds, declared by each app in ``<app>/notices.py``.

A kind names its templates (``templates/notices/<code>/subject.<lang>.txt`` and
``body.<lang>.txt``; French is required, English optional and falls back to French), the
context keys the templates need (checked when the notice is enqueued, so a missing variable
is refused before anything is written) and the rule it serves.

Example::

    from core.notices_registry import NoticeKind, register_kind

    register_kind(NoticeKind(
        code="exams.convocation",
        required=("module_title", "nature", "date", "start", "end", "room"),
        rule_id="UTC-2.02-convocation",
    ))
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class NoticeKind:
    code: str
    required: tuple[str, ...] = ()
    rule_id: str = ""
    description: str = ""
    #: Dotted path of ``f(notice) -> list[(filename, bytes, content type)]`` called when the e-mail is
    #: built, in the worker (e.g. a PDF rendered at sending time rather than at enqueue time).
    late_attachments: str = ""

    def template_dir(self) -> str:
        return f"notices/{self.code}"


_KINDS: dict[str, NoticeKind] = {}


def register_kind(*kinds: NoticeKind) -> None:
    for kind in kinds:
        if kind.code in _KINDS and _KINDS[kind.code] != kind:
            raise RuntimeError(f"notice kind {kind.code} registered twice")
        _KINDS[kind.code] = kind


def get_kind(code: str) -> NoticeKind | None:
    return _KINDS.get(code)


def all_kinds() -> list[NoticeKind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def autodiscover_notice_kinds() -> None:
    for config in apps.get_app_configs():
        module = f"{config.name}.notices"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
