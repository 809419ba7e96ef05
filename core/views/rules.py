"""A rule of the catalogue, as the regulation words it: ``/regles/<rule_id>/``.

Regulation texts are public; any signed-in user may read a rule (decisions shown to students
cite rule ids). Unknown ids are a 404.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import NotFound
from core.profiles.registry import all_params
from core.rules_catalog import get_catalog, get_rule


@login_required
def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    try:
        rule = get_rule(rule_id)
    except NotFound:
        raise Http404 from None
    params = (
        json.dumps(rule.params, ensure_ascii=False, indent=2, sort_keys=True) if rule.params is not None else ""
    )
    return render(request, "core/rules/detail.html", {
        "rule": rule,
        "institution_name": get_catalog().institutions.get(rule.institution, rule.institution),
        "params_json": params,
        "implemented_by": [p for p in all_params() if rule.id in p.rule_ids],
    })
