"""Web journeys through the Django test client: a programme head builds a BUT year and an LP
year through the pages, publishes the M3C, and a later edit is refused with the rule cited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import RCUE, UE, Module, Programme, ProgrammeVersion
from tests.courses.factories import YEAR, component_with_preset, programme_head, with_calendar

pytestmark = pytest.mark.django_db


def _post(client, name, *args, data, follow=False):  # type: ignore[no-untyped-def]
    response = client.post(reverse(f"courses:{name}", args=args), data, follow=follow)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200 and not follow:
        content = response.content.decode()
        raise AssertionError(f"form refused: {content[content.find('<main'):][:3000]}")
    return response


MODULE_DEFAULTS = {"kind": "ressource", "hours": "30", "second_session_rule": "replace", "attendance_condition": "",
                   "cc_carry_over": "", "min_assessments_exception": ""}


def _module(client, semester, code, coefficients):  # type: ignore[no-untyped-def]
    ues = list(semester.ues.order_by("code"))
    data = {**MODULE_DEFAULTS, "code": code, "title": f"Module {code}",
            "coef-TOTAL_FORMS": len(ues), "coef-INITIAL_FORMS": len(ues)}
    for i, ue in enumerate(ues):
        data[f"coef-{i}-ue"] = ue.pk
        data[f"coef-{i}-coefficient"] = coefficients.get(ue.code, "")
    _post(client, "module_add", semester.pk, data=data)
    return Module.objects.get(semester=semester, code=code)


def _component(client, module, code, weight, day):  # type: ignore[no-untyped-def]
    _post(client, "component_add", module.pk, data={
        "code": code, "title": f"Épreuve {code}", "type": "written", "weight_percent": weight, "session": "1",
        "duration_minutes": "90", "group_mode": "individual", "language": "fr", "evaluation_count": "1",
        "window_start": day, "window_end": day, "planned_date": day, "marking_scale": "20",
    })


def _build(client, component, *, diploma, code, competences, ue_ects):  # type: ignore[no-untyped-def]
    _post(client, "programme_new", data={"component": component.pk, "diploma_type": diploma, "code": code,
                                         "title": f"{diploma} {code}", "mention": "Informatique"})
    programme = Programme.objects.get(code=code)
    _post(client, "programme_detail", programme.pk, data={"academic_year": YEAR})
    version = ProgrammeVersion.objects.get(programme=programme)
    _post(client, "study_year_add", version.pk, data={"level": 1, "label": f"{diploma} 1"})
    year = version.study_years.get()
    for i in range(1, competences + 1):
        _post(client, "competence_add", version.pk, data={"number": i, "code": f"c{i}", "title": f"Compétence {i}",
                                                          "level": 1, "study_year": year.pk})
    _post(client, "semester_add", year.pk, data={"number": 1, "start_date": "2026-09-01", "end_date": "2027-01-31"})
    _post(client, "semester_add", year.pk, data={"number": 2, "start_date": "2027-02-01", "end_date": "2027-06-30"})
    for sem in year.semesters.order_by("number"):
        for level in (lv for c in version.competences.order_by("number") for lv in c.levels.all()):
            _post(client, "ue_add", sem.pk, data={"code": f"UE{sem.number}.{level.competence.number}",
                                                   "title": f"UE {level.competence.title}", "ects": ue_ects,
                                                   "competence_level": level.pk if competences > 1 else ""})
    return version


def test_programme_head_builds_but_year_publishes_and_cannot_edit(client):
    component = component_with_preset("tours")
    with_calendar(component)
    head = programme_head(component)
    client.force_login(head)
    version = _build(client, component, diploma="BUT", code="but-info", competences=5, ue_ects="6")
    s1, s2 = version.study_years.get().semesters.order_by("number")
    assert RCUE.objects.filter(study_year__programme_version=version).count() == 5
    # One module feeding two UEs of S1, the others each UE; S2 one SAÉ feeding every UE.
    m = _module(client, s1, "R1.01", {"UE1.1": "3", "UE1.2": "2"})
    assert {(link.ue.code, link.coefficient) for link in m.ue_links.select_related("ue")} == {
        ("UE1.1", Decimal("3.00")), ("UE1.2", Decimal("2.00"))}
    _component(client, m, "DS1", "40", "2026-10-15")
    _component(client, m, "DS2", "60", "2026-12-10")
    m2 = _module(client, s1, "R1.02", {f"UE1.{i}": "1" for i in range(3, 6)})
    _component(client, m2, "DS1", "50", "2026-10-16")
    _component(client, m2, "TP", "50", "2026-12-11")
    sae = _module(client, s2, "SAE2.01", {f"UE2.{i}": "2" for i in range(1, 6)})
    _component(client, sae, "RAP", "50", "2027-04-12")
    _component(client, sae, "SOUT", "50", "2027-05-20")
    check = client.get(reverse("courses:m3c_check", args=[version.pk]))
    assert "Aucune erreur" in check.content.decode()
    _post(client, "m3c_approve", version.pk, data={"council": "Conseil de l'IUT", "council_date": "2026-09-05"})
    _post(client, "m3c_publish", version.pk, data={})
    version.refresh_from_db()
    assert version.state == "published" and version.snapshots.count() == 1
    # A post-publication edit is refused, citing the freeze rule.
    response = client.post(reverse("courses:module_edit", args=[m.pk]),
                           {**MODULE_DEFAULTS, "code": "R1.01", "title": "Changé", "coef-TOTAL_FORMS": 0,
                            "coef-INITIAL_FORMS": 0}, follow=True)
    body = response.content.decode()
    assert "TOURS-II-m3c-freeze" in body
    m.refresh_from_db()
    assert m.title == "Module R1.01"
    response = client.post(reverse("courses:ue_add", args=[s1.pk]), {"code": "UEX", "title": "X", "ects": "1"},
                           follow=True)
    assert "TOURS-II-m3c-freeze" in response.content.decode()
    assert not UE.objects.filter(code="UEX").exists()
    page = client.get(reverse("courses:version_detail", args=[version.pk])).content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in page and "SAE2.01" in page


def test_programme_head_builds_lp_year(client):
    component = component_with_preset("iut-arl")
    head = programme_head(component)
    client.force_login(head)
    version = _build(client, component, diploma="LP", code="lp-devops", competences=1, ue_ects="30")
    s1, s2 = version.study_years.get().semesters.order_by("number")
    for sem, day in ((s1, "2026-11-05"), (s2, "2027-03-04")):
        module = _module(client, sem, f"M{sem.number}", {f"UE{sem.number}.1": "1"})
        _component(client, module, "CC", "30", day)
        _component(client, module, "EX", "70", day)
    errors = client.get(reverse("courses:m3c_check", args=[version.pk])).content.decode()
    assert "Aucune erreur" in errors, errors
    _post(client, "m3c_approve", version.pk, data={"council": "Conseil", "council_date": "2026-09-05"})
    _post(client, "m3c_publish", version.pk, data={})
    version.refresh_from_db()
    assert version.state == "published"


def test_validation_page_lists_errors_with_rules(client):
    component = component_with_preset("tours")
    head = programme_head(component)
    client.force_login(head)
    version = _build(client, component, diploma="LICENCE", code="l1-info", competences=1, ue_ects="30")
    s1 = version.study_years.get().semesters.get(number=1)
    module = _module(client, s1, "INF1", {"UE1.1": "1"})
    _post(client, "component_add", module.pk, data={
        "code": "CC", "title": "Contrôle continu", "type": "continuous", "weight_percent": "80", "session": "1",
        "group_mode": "individual", "language": "fr", "is_continuous": "on", "evaluation_count": "1",
        "marking_scale": "20"})
    body = client.get(reverse("courses:m3c_check", args=[version.pk])).content.decode()
    assert "UTC-1.01-m3c-content" in body  # weights 80 % ≠ 100 %
    assert "TOURS-II-2-cc-multiple" in body  # a single CC evaluation
    assert "courses.window_missing" not in body and "fenêtre de dates" in body
    response = client.post(reverse("courses:m3c_approve", args=[version.pk]),
                           {"council": "CFVU", "council_date": "2026-09-05"})
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.state == "draft"


def test_draft_elements_deleted_through_the_web_then_refused_after_approval(client):
    from datetime import date

    from courses.services.workflow import m3c_approve
    from tests.courses.factories import build_year

    component = component_with_preset("tours")
    with_calendar(component)
    built = build_year(component)
    extra = built.modules["R1.01"].components.get(code="E2")
    client.force_login(programme_head(component))
    page = client.get(reverse("courses:version_detail", args=[built.version.pk])).content.decode()
    assert "TOURS-II-m3c-deadline" in page  # the publication deadline row is shown with its rule
    client.post(reverse("courses:element_delete", args=["component", extra.pk]))
    assert not built.modules["R1.01"].components.filter(code="E2").exists()
    client.post(reverse("courses:element_delete", args=["ue", built.ues["UE2.2"].pk]))
    assert not UE.objects.filter(pk=built.ues["UE2.2"].pk).exists()
    assert RCUE.objects.filter(study_year__programme_version=built.version).count() == 1
    e1 = built.modules["R1.01"].components.get(code="E1")
    e1.weight_percent = Decimal(100)
    e1.save()
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 1))
    response = client.post(reverse("courses:element_delete", args=["module", built.modules["R2.01"].pk]), follow=True)
    assert "approuvées" in response.content.decode()
    assert Module.objects.filter(pk=built.modules["R2.01"].pk).exists()
    assert client.post(reverse("courses:element_delete", args=["other", 1])).status_code == 404


@pytest.mark.parametrize(("now", "accepted"), [("2027-03-28 10:00", True), ("2027-03-29 10:00", False)])
def test_exceptional_amendment_through_the_web(client, now, accepted):
    from datetime import date, datetime

    import time_machine

    from core.calendar.working import PARIS
    from core.models import Notice
    from courses.services.workflow import m3c_approve, m3c_publish
    from tests.courses.factories import build_year
    from tests.courses.test_permissions_and_queries import _register
    from tests.factories import UserFactory

    component = component_with_preset("tours")
    with_calendar(component)
    built = build_year(component)
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 1))
    m3c_publish(actor=None, version=built.version, at=datetime(2026, 9, 20, tzinfo=PARIS))
    module = built.modules["R2.01"]  # first exam 12 April 2027: latest notice 28 March (E - 15 days)
    student = _register(UserFactory(), module)
    head = programme_head(component)
    comp = module.components.get(code="E1")
    with time_machine.travel(datetime.fromisoformat(now).replace(tzinfo=PARIS), tick=False):
        client.force_login(head)  # inside: a session opened in 2026 would have expired
        response = client.post(reverse("courses:m3c_amend", args=[module.pk]), {
            "component": comp.pk, "type": "oral", "reason": "Indisponibilité des salles", "council": "CFVU",
            "council_date": "2027-03-20"}, follow=True)
    body = response.content.decode()
    comp.refresh_from_db()
    if accepted:
        assert comp.type == "oral"
        assert Notice.objects.filter(kind="courses.m3c_amendment", recipient=student).count() == 1
        client.force_login(student)
        page = client.get(reverse("courses:module_detail", args=[module.pk])).content.decode()
        assert "Indisponibilité des salles" in page and "Oral" in page
    else:
        assert comp.type == "written"
        assert "TOURS-II-exceptional" in body and "28/03/2027" in body
        assert not Notice.objects.filter(kind="courses.m3c_amendment").exists()
