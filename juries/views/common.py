"""Helpers shared by the juries views."""

from __future__ import annotations

from courses.views.common import page, show_error

__all__ = ["page", "show_error"]
