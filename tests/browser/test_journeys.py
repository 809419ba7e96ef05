"""Browser journeys: language switch and e-mail login, a student completing an incomplete
registration, and keyboard-only access to the skip link."""

from __future__ import annotations

import re

import pytest

from core.models import Role
from enrollment.services.registrations import registration_submit
from tests.enrollment.conftest import PDF
from tests.enrollment.factories import RegistrationFactory, RequiredDocumentTypeFactory, StudentFactory
from tests.factories import ComponentFactory, InstitutionFactory, RoleAssignmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _login(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_login_page_in_french_switch_to_english_then_log_in_by_email(page):
    user = UserFactory(email="camille@example.fr", first_name="Camille")
    user.set_password(PASSWORD)
    user.save()
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.select_option("#lang-select", "en")
    page.locator("form.lang-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/accounts/login/" in page.url
    page.fill("#id_login", "camille@example.fr")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("h1").inner_text() == "Hello Camille"
    assert page.locator("html").get_attribute("lang") == "en"


def test_student_uploads_the_missing_document_and_sees_the_registration_complete(page, tmp_path):
    institution = InstitutionFactory(code="univ-nav", name="Université du navigateur")
    component = ComponentFactory(institution=institution, code="iut-nav", name="IUT du navigateur")
    student = StudentFactory(institution=institution, user__email="alice@example.fr", user__first_name="Alice")
    student.user.set_password(PASSWORD)
    student.user.save()
    RoleAssignmentFactory(user=student.user, role=Role.STUDENT, institution=institution, component=component)
    registration = RegistrationFactory(student=student, study_year__programme_version__programme__component=component)
    identity = RequiredDocumentTypeFactory(institution=institution, code="identite", label="Pièce d'identité")
    registration_submit(actor=student.user, registration=registration)
    registration.refresh_from_db()
    assert registration.state == "incomplete"

    _login(page, "alice@example.fr")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/inscriptions/dossier/{registration.pk}/")
    assert page.locator(".badge").first.inner_text() == "Incomplète"
    assert "Pièce d'identité" in page.locator("main").inner_text()
    piece = tmp_path / "identite.pdf"
    piece.write_bytes(PDF)
    page.select_option("#id_document_type", value=str(identity.pk))
    page.set_input_files("#id_file", str(piece))
    page.get_by_role("button", name="Déposer la pièce").click()
    page.wait_for_load_state()
    assert page.locator(".badge").first.inner_text() == "Complète"
    assert "identite.pdf" in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.state == "complete"


def test_keyboard_only_the_skip_link_comes_first_and_moves_focus_to_main(page):
    user = UserFactory(email="clavier@example.fr")
    user.set_password(PASSWORD)
    user.save()
    _login(page, "clavier@example.fr")
    page.wait_for_url(re.compile(r"/$"))
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#contenu"], f"first Tab stop: {focused}"
    assert page.locator(".skip-link").is_visible(), "the skip link must become visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
