"""Late arrival, per preset (UTC-3.01b-late-minor, UTC-3.01b-late-major, TOURS-VI-3.1-late, STRAS-33, RSY-A3-lateness)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from exams.rules.accommodations import Accommodation, personal_end
from exams.rules.base import ExamEvents
from exams.rules.lateness import Arrival, decide_late_entry

from .conftest import at, pv, slot

KEY = "exams.late_entry_rule"


def decide(preset, minutes, arrive, *, events=None, reason=None, cal=None, personal=None):
    exam = slot(minutes)
    return decide_late_entry(pv(preset, KEY), slot=exam, arrival=Arrival(arrive, reason), events=events,
                             personal_end=personal, calendar=cal, preset=preset)


@pytest.mark.parametrize(
    ("minutes", "arrive", "outcome", "rule_id"),
    [
        (180, at(2027, 1, 11, 8, 55), "allowed", "STRAS-33"),
        (180, at(2027, 1, 11, 9, 59), "allowed", "STRAS-33"),
        (180, at(2027, 1, 11, 10, 0), "allowed", "STRAS-33"),  # "au-delà de la première heure"
        (180, at(2027, 1, 11, 10, 1), "refused", "STRAS-33"),
        (60, at(2027, 1, 11, 9, 29), "allowed", "STRAS-33"),
        (60, at(2027, 1, 11, 9, 30), "allowed", "STRAS-33"),
        (60, at(2027, 1, 11, 9, 31), "refused", "STRAS-33"),
        (45, at(2027, 1, 11, 9, 22), "allowed", "STRAS-33"),
        (45, at(2027, 1, 11, 9, 23), "refused", "STRAS-33"),
        (61, at(2027, 1, 11, 9, 59), "allowed", "STRAS-33"),
    ],
)
def test_strasbourg(minutes, arrive, outcome, rule_id):
    d = decide("strasbourg", minutes, arrive)
    assert (d.outcome, d.rule_id) == (outcome, rule_id)
    assert d.allowed is (outcome != "refused")
    assert d.extra_time_granted == timedelta(0)


@pytest.mark.parametrize(
    ("arrive", "distributed", "outcome", "rule_id", "decider"),
    [
        (at(2027, 1, 11, 9, 0), None, "allowed", "UTC-3.01b-late-minor", ""),
        (at(2027, 1, 11, 9, 29), None, "discretionary", "UTC-3.01b-late-minor", "responsable_module"),
        (at(2027, 1, 11, 9, 30), None, "discretionary", "UTC-3.01b-late-minor", "responsable_module"),
        (at(2027, 1, 11, 9, 31), None, "refused", "UTC-3.01b-late-major", ""),
        # counted from the first subject distribution (09:05)
        (at(2027, 1, 11, 9, 34), at(2027, 1, 11, 9, 5), "discretionary", "UTC-3.01b-late-minor", "responsable_module"),
        (at(2027, 1, 11, 9, 36), at(2027, 1, 11, 9, 5), "refused", "UTC-3.01b-late-major", ""),
        (at(2027, 1, 11, 9, 4), at(2027, 1, 11, 9, 5), "allowed", "UTC-3.01b-late-minor", ""),
    ],
)
def test_utc_quarter_of_the_duration(arrive, distributed, outcome, rule_id, decider, cal):
    d = decide("utc", 120, arrive, events=ExamEvents(first_distribution_at=distributed), cal=cal)
    assert (d.outcome, d.rule_id, d.decider) == (outcome, rule_id, decider)
    assert d.extra_time_granted == timedelta(0)
    assert d.composition_ends_at == at(2027, 1, 11, 11, 0)


def test_utc_proofs_within_48_hours(cal):
    d = decide("utc", 120, at(2027, 1, 11, 9, 45), cal=cal)
    assert d.outcome == "refused"
    assert d.proof_deadline == at(2027, 1, 13, 9, 45)


@pytest.mark.parametrize(
    ("arrive", "opened", "reason", "outcome", "decider"),
    [
        (at(2027, 1, 11, 9, 10), None, None, "allowed", ""),  # envelopes not opened yet
        (at(2027, 1, 11, 8, 59), at(2027, 1, 11, 9, 0), None, "allowed", ""),
        (at(2027, 1, 11, 9, 0), at(2027, 1, 11, 9, 0), None, "refused", ""),
        (at(2027, 1, 11, 9, 2), at(2027, 1, 11, 9, 0), None, "refused", ""),
        (at(2027, 1, 11, 9, 2), at(2027, 1, 11, 9, 0), "panne_reveil", "refused", ""),
        (at(2027, 1, 11, 9, 20), at(2027, 1, 11, 9, 0), "incident_transport_imprevisible", "discretionary",
         "responsable_epreuve"),
    ],
)
def test_tours_envelope_opening(arrive, opened, reason, outcome, decider):
    d = decide("tours", 120, arrive, events=ExamEvents(envelopes_opened_at=opened), reason=reason)
    assert (d.outcome, d.decider, d.rule_id) == (outcome, decider, "TOURS-VI-3.1-late")
    assert d.extra_time_granted == timedelta(0)


@pytest.mark.parametrize(
    ("preset", "arrive", "outcome", "rule_id", "counts_as"),
    [
        ("iut-rsy", at(2027, 1, 11, 9, 0), "allowed", "RSY-A3-lateness", ""),
        ("iut-rsy", at(2027, 1, 11, 9, 5), "discretionary", "RSY-A3-lateness", "ABI"),
        ("iut-arl", at(2027, 1, 11, 9, 50), "allowed", "", ""),
    ],
)
def test_presets_without_a_cutoff(preset, arrive, outcome, rule_id, counts_as):
    d = decide(preset, 120, arrive)
    assert (d.outcome, d.rule_id, d.may_count_as) == (outcome, rule_id, counts_as)


@pytest.mark.parametrize("preset", ["iut-arl", "utc", "iut-rsy", "tours", "strasbourg"])
def test_latecomers_never_get_extra_time_and_keep_their_own_end(preset):
    exam = slot(120)
    own_end = personal_end(exam, Accommodation(extra_time=__import__("fractions").Fraction(1, 3)))
    d = decide(preset, 120, at(2027, 1, 11, 9, 10), personal=own_end,
               events=ExamEvents(envelopes_opened_at=at(2027, 1, 11, 9, 15)))
    assert d.extra_time_granted == timedelta(0)
    assert d.composition_ends_at == own_end == at(2027, 1, 11, 11, 40)


@pytest.mark.parametrize("preset", ["iut-arl", "utc", "iut-rsy", "tours", "strasbourg"])
def test_after_the_end_nobody_enters(preset):
    d = decide(preset, 60, at(2027, 1, 11, 10, 0))
    assert not d.allowed and d.reason_code == "exams.late_after_end"


def test_naive_datetimes_are_refused():
    from datetime import datetime

    with pytest.raises(ValueError):
        Arrival(datetime(2027, 1, 11, 9, 0))
