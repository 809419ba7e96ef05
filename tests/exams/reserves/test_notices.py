"""The absence notices render in French and English with what the student needs (mark, deadline, rule)."""

from __future__ import annotations

import pytest

from core.notices.rendering import render_notice
from core.notices_registry import get_kind
from exams.notices import ABSENCE_PROOFS_RECEIVED, ABSENCE_RECORDED, RESERVE_UPDATE

BASE = {"student_name": "Léa Martin", "module_title": "MT91 Analyse", "exam_date": "16/11/2026",
        "url": "https://cursus.example/examens/mes-absences/"}


@pytest.mark.parametrize(("language", "words"), [("fr", ("Date limite", "48")), ("en", ("Deadline", "48"))])
def test_absence_recorded_names_mark_deadline_and_rule(language, words):
    context = {**BASE, "mark": "0", "message": "…", "deadline": "18/11/2026 09:00",
               "rule_id": "UTC-3.01e-reserve-request"}
    rendered = render_notice(get_kind(ABSENCE_RECORDED), context, language)
    assert rendered.language == language and "MT91 Analyse" in rendered.subject
    assert words[0] in rendered.body and "18/11/2026 09:00" in rendered.body
    assert "UTC-3.01e-reserve-request" in rendered.body and "mes-absences" in rendered.body


def test_absence_recorded_without_procedure_has_no_deadline_line():
    context = {**BASE, "mark": "0", "message": "Pas de procédure.", "deadline": "", "rule_id": ""}
    assert "Date limite" not in render_notice(get_kind(ABSENCE_RECORDED), context, "fr").body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_proofs_received_and_update_render(language):
    body = render_notice(get_kind(ABSENCE_PROOFS_RECEIVED), {**BASE, "name": "Prof"}, language).body
    assert "Léa Martin" in body and "Prof" in body
    body = render_notice(get_kind(RESERVE_UPDATE), {**BASE, "state": "réserve", "message": "M"}, language).body
    assert "mes-absences" in body
