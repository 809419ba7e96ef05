"""Accommodations (UTC-2.05-accommodations, TOURS-VI-3.2-accommodation-request, STRAS-11) and materials."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from exams.rules.accommodations import Accommodation, check_accommodation_request, extra_time, personal_end
from exams.rules.materials import allowed_materials, dictionary_allowed

from .conftest import at, pv, slot

KEY = "exams.accommodation_request_deadline"


@pytest.mark.parametrize(
    ("minutes", "extra", "end"),
    [
        (120, Fraction(1, 3), at(2027, 1, 11, 11, 40)),
        (90, Fraction(1, 3), at(2027, 1, 11, 11, 0)),
        (100, Fraction(1, 3), at(2027, 1, 11, 11, 14)),  # 33.33 min rounded up to 34
        (60, Fraction(1, 2), at(2027, 1, 11, 10, 30)),
        (60, Fraction(0), at(2027, 1, 11, 10, 0)),
    ],
)
def test_personal_end_time(minutes, extra, end):
    exam = slot(minutes)
    assert personal_end(exam, Accommodation(extra_time=extra)) == end
    assert extra_time(exam, Accommodation(extra_time=extra)) == end - exam.end


@pytest.mark.parametrize(
    ("preset", "requested", "force", "authorised", "allowed", "code", "rule_id"),
    [
        ("tours", date(2026, 12, 11), False, None, True, "exams.accommodation_in_time",
         "TOURS-VI-3.2-accommodation-request"),
        ("tours", date(2026, 12, 12), False, None, False, "exams.accommodation_late",
         "TOURS-VI-3.2-accommodation-request"),
        ("tours", date(2027, 1, 5), True, None, True, "exams.accommodation_force_majeure",
         "TOURS-VI-3.2-accommodation-request"),
        ("strasbourg", date(2027, 1, 5), False, False, False, "exams.accommodation_not_authorised", "STRAS-11"),
        ("strasbourg", date(2027, 1, 5), False, True, True, "exams.accommodation_no_deadline", "STRAS-11"),
        ("utc", date(2027, 1, 10), False, None, True, "exams.accommodation_no_deadline", "UTC-2.05-disability-list"),
        ("iut-arl", date(2027, 1, 10), False, None, True, "exams.accommodation_no_deadline",
         "ARL-ES13-specific-publics"),
    ],
)
def test_request_deadline(preset, requested, force, authorised, allowed, code, rule_id, cal):
    d = check_accommodation_request(pv(preset, KEY), requested_on=requested, exams_start=date(2027, 1, 11),
                                    calendar=cal, force_majeure=force, authorised=authorised, preset=preset)
    assert (d.allowed, d.reason_code, d.rule_id) == (allowed, code, rule_id)


@pytest.mark.parametrize(
    ("preset", "statuses", "language", "allowed", "rule_id"),
    [
        ("utc", {"convention_non_francophone"}, False, True, "UTC-3.01d-dictionary"),
        ("utc", {"convention_non_francophone"}, True, False, "UTC-3.01d-dictionary"),
        ("utc", set(), False, False, "UTC-3.01d-dictionary"),
        ("tours", {"etudiant_echange"}, False, True, "TOURS-AN2-exam-conditions"),
        ("strasbourg", {"etudiant_echange"}, False, False, ""),
    ],
)
def test_bilingual_dictionary(preset, statuses, language, allowed, rule_id):
    d = dictionary_allowed(pv(preset, "exams.bilingual_dictionary"), slot=slot(language_course=language),
                           student_statuses=statuses, preset=preset)
    assert (d.allowed, d.rule_id) == (allowed, rule_id)


def test_no_indication_means_nothing_allowed():
    assert allowed_materials(None) == ()
    assert allowed_materials(("calculatrice",), accommodation_materials=("ordinateur",)) == ("calculatrice", "ordinateur")
