"""The profile edit form converts typed text into JSON values; the registry judges them (no DB)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from core.profiles import registry
from core.profiles.forms import ProfileEditForm, field_name
from core.profiles.registry import Kind, Param

DELAY = Param(key="testing.delay", label=_("Délai test"), kind=Kind.DELAY, rule_ids=("STRAS-57",),
              default={"value": 15, "unit": "calendar"}, min=0, max=60, nullable=True)
FLAG = Param(key="testing.flag", label=_("Drapeau test"), kind=Kind.BOOL, rule_ids=("STRAS-57",), default=False)
RATIO = Param(key="testing.ratio", label=_("Ratio test"), kind=Kind.DECIMAL, rule_ids=("STRAS-57",),
              default="0.5", min=0, max=1)


@pytest.fixture
def only_test_params(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", {p.key: p for p in (DELAY, FLAG, RATIO)})
    return {"testing.delay": {"value": 15, "unit": "calendar"}, "testing.flag": False, "testing.ratio": "0.5"}


def post(values, **overrides):
    data = {
        field_name("testing.delay") + "__value": "15",
        field_name("testing.delay") + "__unit": "calendar",
        field_name("testing.flag"): "false",
        field_name("testing.ratio"): "0.5",
        "reason": "essai",
    }
    data.update(overrides)
    return ProfileEditForm(data, values=values)


def test_unchanged_form_has_no_changes(only_test_params):
    form = post(only_test_params)
    assert form.is_valid(), form.errors
    assert form.changes == {}


def test_delay_bool_and_decimal_are_converted(only_test_params):
    form = post(only_test_params, **{
        "testing__delay__value": "10", "testing__delay__unit": "ouvres",
        "testing__flag": "true", "testing__ratio": "0,75",
    })
    assert form.is_valid(), form.errors
    assert form.changes == {"testing.delay": {"value": 10, "unit": "ouvres"}, "testing.flag": True,
                            "testing.ratio": "0.75"}


def test_empty_delay_means_none_when_nullable(only_test_params):
    form = post(only_test_params, testing__delay__value="", testing__delay__unit="")
    assert form.is_valid(), form.errors
    assert form.changes == {"testing.delay": None}


def test_out_of_range_delay_error_is_on_the_value_field_and_names_the_rule(only_test_params):
    form = post(only_test_params, testing__delay__value="90", testing__ratio="2")
    assert not form.is_valid()
    assert "STRAS-57" in form.errors["testing__delay__value"][0]
    assert "testing.delay" in form.errors["testing__delay__value"][0]
    assert "testing__ratio" in form.errors  # every error shown at once


def test_initial_values_are_displayed(only_test_params):
    form = ProfileEditForm(values=only_test_params)
    assert form["testing__delay__value"].value() == 15
    assert form["testing__flag"].value() == "false"
    assert [pf.param.key for pf in form.param_fields()] == ["testing.delay", "testing.flag", "testing.ratio"]
    assert list(form.fields)[-1] == "reason"
