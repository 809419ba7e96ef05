"""One error type for the whole domain (STYLE 11).

Every refusal raised by a rule, a transition or a service is an ApplicationError with a stable
``code`` (``<app>.<reason>``), a translated ``message``, the ``fields`` concerned
({field: [messages]}) and, where a regulation decides, the ``rule_id``. The API turns it into
``{code, message, fields}`` (core.api), forms show it next to the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext


class ApplicationError(Exception):
    status_code = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: Mapping[str, Sequence[str] | str] | None = None,
        rule_id: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.fields: dict[str, list[str]] = {
            k: [str(v)] if isinstance(v, str) or not isinstance(v, Sequence) else [str(x) for x in v]
            for k, v in (fields or {}).items()
        }
        self.rule_id = rule_id
        self.extra = dict(extra or {})

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message, "fields": self.fields}
        if self.rule_id:
            data["rule_id"] = self.rule_id
        return data

    def __str__(self) -> str:
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        fields = f" {self.fields}" if self.fields else ""
        return f"{self.code}: {self.message}{rule}{fields}"


class NotFound(ApplicationError):
    """Missing *or* forbidden: the same answer for both, so existence never leaks."""

    status_code = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__("not_found", message or gettext("Introuvable."))


class PermissionDenied(ApplicationError):
    """For actions on an object the actor may see but not change (e.g. a student cancelling)."""

    status_code = 403

    def __init__(self, message: str | None = None, *, code: str = "permission_denied") -> None:
        super().__init__(code, message or gettext("Action non autorisée."))


class TransitionNotAllowed(ApplicationError):
    status_code = 409
