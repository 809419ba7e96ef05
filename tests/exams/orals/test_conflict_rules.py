"""Candidate conflicts across sessions (pure rule, exams.rules.conflicts.candidate_conflicts)."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.calendar.working import PARIS
from exams.rules.conflicts import Sitting, candidate_conflicts


def t(h: int, mi: int = 0) -> datetime:
    return datetime(2027, 1, 11, h, mi, tzinfo=PARIS)


SITTINGS = [
    Sitting("s1", "FIN-MATH", t(9), t(11), "finals"),
    Sitting("s1", "MED-PHYS", t(10), t(11), "medians"),     # across sessions
    Sitting("s2", "FIN-MATH", t(9), t(11), "finals"),
    Sitting("s2", "MED-PHYS", t(11), t(12), "medians"),     # touching: fine
    Sitting("s3", "MED-PHYS", t(14), t(15), "medians"),
    Sitting("s3", "MED-CHIM", t(14, 30), t(15, 30), "medians"),  # the médians' own conflict
    Sitting("s4", "FIN-INFO", t(14), t(16), "finals"),
    Sitting("s4", "FIN-ELEC", t(15), t(17), "finals"),     # in-session
    Sitting("s5", "ORAL", t(9, 40), t(10, 30), "finals"),  # an oral passage (prep 9:40, end 10:30)
    Sitting("s5", "MED-PHYS", t(10, 15), t(11), "medians"),
]


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        ("finals", [("candidate_overlap_sessions", "s1", ("FIN-MATH", "MED-PHYS")),
                    ("candidate_overlap", "s4", ("FIN-INFO", "FIN-ELEC")),
                    ("candidate_overlap_sessions", "s5", ("ORAL", "MED-PHYS"))]),
        ("medians", [("candidate_overlap_sessions", "s1", ("FIN-MATH", "MED-PHYS")),
                     ("candidate_overlap", "s3", ("MED-PHYS", "MED-CHIM")),
                     ("candidate_overlap_sessions", "s5", ("ORAL", "MED-PHYS"))]),
        (None, [("candidate_overlap_sessions", "s1", ("FIN-MATH", "MED-PHYS")),
                ("candidate_overlap", "s3", ("MED-PHYS", "MED-CHIM")),
                ("candidate_overlap", "s4", ("FIN-INFO", "FIN-ELEC")),
                ("candidate_overlap_sessions", "s5", ("ORAL", "MED-PHYS"))]),
        ("other", []),
    ],
)
def test_focus_reports_only_pairs_involving_the_session(focus, expected):
    found = candidate_conflicts(SITTINGS, focus_session=focus)
    assert [(c.kind, c.subject, c.exam_ids) for c in found] == expected


def test_labels_name_the_candidate():
    found = candidate_conflicts(SITTINGS[:2], labels={"s1": "Léa Martin (E123)"})
    assert "Léa Martin (E123)" in found[0].message
    assert "s1" not in found[0].message
