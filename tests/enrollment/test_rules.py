"""Rule tables, no database (STYLE 1, 12)."""

from __future__ import annotations

from datetime import date

import pytest

from enrollment import rules
from enrollment.parameters import DEFAULT_CODES, progression_codes


@pytest.mark.parametrize(
    ("value", "valid", "normalized"),
    [
        ("", True, ""),
        ("1234567890A", True, "1234567890A"),  # 10 digits + key letter (INE-BEA / RNIE)
        ("123456789AB", True, "123456789AB"),  # 9 digits + 2 letters (INE-Base)
        ("1234567890a", True, "1234567890A"),  # case-insensitive
        ("12345 67890-A", True, "1234567890A"),  # separators stripped
        ("1234567890", False, "1234567890"),  # too short
        ("12345678901A", False, "12345678901A"),  # too long
        ("12345678901", False, "12345678901"),  # no letter
        ("A234567890B", False, "A234567890B"),  # letter first
        ("12345678ABC", False, "12345678ABC"),  # 8 digits + 3 letters
    ],
)
def test_check_ine(value, valid, normalized):
    check = rules.check_ine(value)
    assert check.valid is valid
    assert check.normalized == normalized
    assert bool(check.reason) is (not valid)


ID = rules.RequiredDoc("id", "Identité")
BAC = rules.RequiredDoc("bac", "Bac", first_registration_only=True)
PHOTO = rules.RequiredDoc("photo", "Photo", mandatory=False)


@pytest.mark.parametrize(
    ("provided", "rereg", "complete", "missing", "rejected"),
    [
        ({}, False, False, ["id", "bac"], []),
        ({}, True, False, ["id"], []),  # bac only for a first registration (ARL-ES05.3-first-enrollment)
        ({"id": ["pending"], "bac": ["accepted"]}, False, True, [], []),
        ({"id": ["rejected"], "bac": ["pending"]}, False, False, [], ["id"]),
        ({"id": ["rejected", "pending"], "bac": ["pending"]}, False, True, [], []),  # a new upload replaces
        ({"id": ["pending"]}, True, True, [], []),  # optional photo never blocks
    ],
)
def test_documents_decision(provided, rereg, complete, missing, rejected):
    decision = rules.documents_decision([ID, BAC, PHOTO], provided, is_reregistration=rereg)
    assert decision.complete is complete
    assert [d.code for d in decision.missing] == missing
    assert [d.code for d in decision.rejected] == rejected


@pytest.mark.parametrize(
    ("filename", "size", "head", "ok", "fragment"),
    [
        ("a.pdf", 1000, b"%PDF-1.7", True, ""),
        ("a.PDF", 1000, b"%PDF-1.7", True, ""),
        ("a.png", 1000, b"\x89PNG\r\n\x1a\n", True, ""),
        ("a.exe", 1000, b"MZ", False, "Type de fichier refusé"),
        ("a.pdf", 1000, b"MZ\x90", False, "ne correspond pas"),
        ("a.pdf", 0, b"", False, "vide"),
        ("a.pdf", 101 * 1024, b"%PDF-", False, "trop volumineux"),
        ("sans_extension", 10, b"%PDF-", False, "sans extension"),
    ],
)
def test_check_upload(filename, size, head, ok, fragment):
    check = rules.check_upload(filename=filename, size=size, head=head, accepted=["pdf", "png"], max_size_kb=100)
    assert check.ok is ok
    assert fragment in " ".join(check.errors)


@pytest.mark.parametrize(
    ("code", "allowed", "target"),
    [("ADM", True, "next"), ("adm", True, "next"), ("AJAC", True, "next"), ("RED", True, "same"),
     ("AJ", True, "same"), ("NAR", False, ""), ("", False, ""), (None, False, "")],
)
def test_reregistration_decision(code, allowed, target):
    decision = rules.reregistration_decision(code, DEFAULT_CODES)
    assert (decision.allowed, decision.target) == (allowed, target)
    assert decision.reasons


@pytest.mark.parametrize(
    ("code", "previous", "target_level", "ok"),
    [("ADM", 1, 2, True), ("ADM", 1, 1, False), ("RED", 1, 1, True), ("RED", 1, 2, False), ("NAR", 1, 1, False)],
)
def test_reregistration_target(code, previous, target_level, ok):
    decision = rules.reregistration_decision(code, DEFAULT_CODES)
    assert rules.reregistration_target_allowed(decision, previous_level=previous, target_level=target_level) is ok


def test_progression_codes_validator():
    assert progression_codes({"next": ["adm"], "same": ["red"]}) == {"next": ["ADM"], "same": ["RED"]}
    with pytest.raises(ValueError):
        progression_codes({"next": ["ADM"], "same": ["ADM"]})
    with pytest.raises(ValueError):
        progression_codes({"other": []})


@pytest.mark.parametrize(
    ("capacity", "members", "allowed"), [(None, 500, True), (30, 29, True), (30, 30, False), (1, 0, True), (0, 0, False)]
)
def test_group_capacity(capacity, members, allowed):
    assert rules.group_capacity_decision(capacity=capacity, members=members).allowed is allowed


@pytest.mark.parametrize(
    ("admin", "ped", "allowed"), [(True, True, True), (True, False, False), (False, True, False), (False, False, False)]
)
def test_exam_eligibility(admin, ped, allowed):
    decision = rules.exam_eligibility(administrative_validated=admin, pedagogical_registered=ped)
    assert decision.allowed is allowed
    assert decision.rule_id == "TOURS-VI-enrollment-prerequisite"


@pytest.mark.parametrize(
    ("enabled", "overseas", "allowed"), [(True, True, True), (True, False, False), (False, True, False)]
)
def test_remote_validation(enabled, overseas, allowed):
    decision = rules.remote_validation_decision(enabled=enabled, resides_outside_metropole=overseas)
    assert decision.allowed is allowed
    assert decision.rule_id == "ARL-ES07-overseas"


@pytest.mark.parametrize(
    ("day", "start", "end", "valid"),
    [
        (date(2026, 9, 1), date(2026, 9, 1), date(2027, 8, 31), True),
        (date(2027, 8, 31), date(2026, 9, 1), date(2027, 8, 31), True),
        (date(2027, 9, 1), date(2026, 9, 1), date(2027, 8, 31), False),
        (date(2026, 8, 31), date(2026, 9, 1), None, False),
        (date(2030, 1, 1), None, None, True),
    ],
)
def test_is_valid_on(day, start, end, valid):
    assert rules.is_valid_on(day, start, end) is valid


@pytest.mark.parametrize(("duration", "percent", "extra"), [(120, 33, 40), (90, 33, 30), (60, 25, 15), (100, 33, 33)])
def test_extra_time(duration, percent, extra):
    assert rules.extra_time_minutes(duration, percent) == extra
