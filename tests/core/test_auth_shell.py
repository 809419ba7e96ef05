"""Accounts: login by e-mail through allauth, password reset by e-mail, French/English, 2FA pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_in_french_then_english(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html and "Connexion à Cursus" in html and "Mot de passe oublié" in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("account_login")})
    assert switched.status_code == 302
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to Cursus" in html and "Forgot your password?" in html


def test_login_by_email(client):
    user = UserFactory(email="jeanne.martin@example.fr")
    response = client.post(
        reverse("account_login"), {"login": "Jeanne.Martin@example.fr", "password": "motdepasse-test"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_wrong_password_shows_error(client):
    UserFactory(email="jeanne.martin@example.fr")
    response = client.post(reverse("account_login"), {"login": "jeanne.martin@example.fr", "password": "faux"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "errorlist" in response.content.decode()


def test_no_public_signup(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "password1" not in response.content.decode()


def test_password_reset_sends_email(client, mailoutbox):
    UserFactory(email="jeanne.martin@example.fr")
    response = client.post(reverse("account_reset_password"), {"email": "jeanne.martin@example.fr"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["jeanne.martin@example.fr"]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_logout_is_post(client):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_mfa_pages_reachable_and_styled_for_staff(client):
    client.force_login(RoleAssignmentFactory(role=Role.SECRETARIAT).user)
    response = client.get(reverse("mfa_index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="skip-link"' in html and "layout-manage" in html
    # Activating TOTP asks for the password again first (allauth's reauthentication).
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200 and "layout-entrance" in response.content.decode()
    response = client.post(
        reverse("account_reauthenticate") + "?next=" + reverse("mfa_activate_totp"),
        {"password": "motdepasse-test"}, follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "otpauth://" in html or "<svg" in html or "<img" in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html
