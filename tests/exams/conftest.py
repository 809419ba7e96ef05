"""Helpers for the exam rule tables: preset values as profiles store them, Paris times, a calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.calendar.working import PARIS, WorkingCalendar
from core.profiles.registry import PRESETS, get_param
from exams.rules.base import ExamSlot


def pv(preset: str, key: str):
    """The value a fresh profile of ``preset`` stores for ``key``."""
    return get_param(key).preset_value(preset)


def at(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=PARIS)


def slot(minutes: int = 120, *, start: datetime | None = None, **kw) -> ExamSlot:
    return ExamSlot(start=start or at(2027, 1, 11), duration=timedelta(minutes=minutes), **kw)


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar("")


ALL_PRESETS = PRESETS
