"""The transition table (no database: transitions are checked on unsaved rows)."""

from __future__ import annotations

import pytest

from core.errors import TransitionNotAllowed
from enrollment import workflows
from enrollment.models import AdministrativeRegistration

ALLOWED = {
    ("draft", "submit", "student"), ("draft", "submit", "secretariat"),
    ("submitted", "mark_incomplete", "system"), ("submitted", "mark_incomplete", "secretariat"),
    ("complete", "mark_incomplete", "system"), ("complete", "mark_incomplete", "secretariat"),
    ("submitted", "mark_complete", "system"), ("incomplete", "mark_complete", "system"),
    ("complete", "validate", "secretariat"), ("complete", "validate_remote", "secretariat"),
    ("draft", "validate_imported", "secretariat"),
    *{(s, "withdraw", "student") for s in ("draft", "submitted", "incomplete", "complete")},
    *{(s, "cancel", "secretariat") for s in ("draft", "submitted", "incomplete", "complete", "validated")},
}
STATES = ("draft", "submitted", "incomplete", "complete", "validated", "cancelled")
ACTORS = ("student", "secretariat", "system")
CASES = [(s, t, a) for s in STATES for t in workflows.TRANSITIONS for a in ACTORS]


@pytest.mark.parametrize(("state", "name", "actor"), CASES)
def test_transition_table(state, name, actor):
    registration = AdministrativeRegistration(state=state)
    if (state, name, actor) in ALLOWED:
        assert workflows.check(registration, name, actor).name == name
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            workflows.check(registration, name, actor)
        assert exc.value.code == "enrollment.transition_not_allowed"
        assert exc.value.status_code == 409


def test_unknown_transition():
    with pytest.raises(TransitionNotAllowed):
        workflows.check(AdministrativeRegistration(state="draft"), "teleport", "secretariat")


def test_student_cannot_validate_own_file():
    assert [t.name for t in workflows.available("complete", "student")] == ["withdraw"]
    assert "validate" in [t.name for t in workflows.available("complete", "secretariat")]
