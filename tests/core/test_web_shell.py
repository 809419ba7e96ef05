"""Web shell: role-aware home with real content, health probe, error pages, base layout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Deadline, Notice, Role
from core.models.deadlines import DeadlineState
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_notice(user, key, kind="core.test_notice", **context):
    return Notice.objects.create(
        key=key, kind=kind, recipient=user, recipient_email=user.email, context=context
    )


def make_deadline(key, *, institution, due_in_days, state=DeadlineState.PENDING, **kwargs):
    return Deadline.objects.create(
        key=key, kind="test", rule_id="UTC-3.01b-late-minor", title=f"Échéance {key}",
        institution=institution, due_at=timezone.now() + timedelta(days=due_in_days), state=state, **kwargs,
    )


class TestHome:
    def test_anonymous_redirected_to_login(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))

    def test_student_sees_own_notices_and_deadlines(self, client, django_assert_max_num_queries):
        ra = RoleAssignmentFactory(role=Role.STUDENT, user=UserFactory(first_name="Inès"))
        student = ra.user
        make_notice(student, "n1", recipient_name="Inès", site_url="http://x")
        make_notice(student, "n2", kind="unknown.kind")
        make_notice(UserFactory(), "other", kind="someone.elses")
        make_deadline("mine", institution=ra.institution, due_in_days=3, assignee_user=student)
        make_deadline("theirs", institution=ra.institution, due_in_days=3, assignee_user=UserFactory())
        client.force_login(student)
        with django_assert_max_num_queries(20):
            response = client.get(reverse("home"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Bonjour Inès" in html
        assert "unknown.kind" in html  # a kind without templates still shows
        assert "someone.elses" not in html
        assert "Échéance mine" in html and "Échéance theirs" not in html
        assert "Échéances en retard" not in html  # no staff panel
        assert "double authentification" not in html
        assert "INVALID_TEMPLATE_VARIABLE" not in html

    def test_notice_subject_rendered_from_its_template(self, client):
        user = UserFactory()
        make_notice(user, "n1", recipient_name="Inès", site_url="http://x")
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        from django.template.loader import render_to_string

        subject = render_to_string("notices/core.test_notice/subject.fr.txt", {}).strip()
        assert subject and subject in html

    def test_latest_ten_notices_only(self, client):
        user = UserFactory()
        for i in range(12):
            make_notice(user, f"k{i}", kind=f"kind.number{i:02d}")
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert "kind.number11" in html and "kind.number02" in html
        assert "kind.number01" not in html and "kind.number00" not in html

    def test_staff_sees_scope_counts_and_links(self, client):
        component = ComponentFactory()
        other = ComponentFactory()
        ra = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=component)
        make_deadline("late1", institution=component.institution, component=component, due_in_days=-2)
        make_deadline("late2", institution=component.institution, component=component, due_in_days=-1,
                      state=DeadlineState.LATE)
        make_deadline("soon", institution=component.institution, component=component, due_in_days=2)
        make_deadline("later", institution=component.institution, component=component, due_in_days=30)
        make_deadline("elsewhere", institution=other.institution, component=other, due_in_days=-2)
        client.force_login(ra.user)
        response = client.get(reverse("home"))
        assert response.context["counts"] == {"open": 4, "late": 2, "soon": 1}
        html = response.content.decode()
        assert "Sécuriser mon compte (double authentification)" in html
        assert reverse("mfa_index") in html
        assert "INVALID_TEMPLATE_VARIABLE" not in html

    def test_administrator_sees_admin_and_attestation_links(self, client):
        ra = RoleAssignmentFactory(role=Role.ADMINISTRATOR, user=UserFactory(is_staff=True))
        client.force_login(ra.user)
        html = client.get(reverse("home")).content.decode()
        assert reverse("admin:index") in html
        assert reverse("role_attestation_form") in html


class TestLayout:
    def test_landmarks_skip_link_and_logout_post(self, client):
        client.force_login(UserFactory())
        html = client.get(reverse("home")).content.decode()
        assert '<html lang="fr">' in html
        assert 'href="#contenu"' in html and 'id="contenu"' in html
        for tag in ("<header", "<nav", "<main", "<footer"):
            assert tag in html
        assert f'action="{reverse("account_logout")}" method="post"' in html
        assert f'action="{reverse("set_language")}" method="post"' in html

    def test_messages_are_displayed(self, client):
        ra = RoleAssignmentFactory(role=Role.ADMINISTRATOR)
        target = RoleAssignmentFactory(role=Role.TEACHER, institution=ra.institution)
        client.force_login(ra.user)
        response = client.post(reverse("role_attestation_issue", args=[target.pk]), follow=True)
        assert "en préparation" in response.content.decode() or "attestation" in response.content.decode()
        assert 'class="message message-success"' in response.content.decode()

    def test_404_page_uses_layout(self, client):
        client.force_login(UserFactory())
        response = client.get("/nulle-part/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page introuvable" in html and 'id="contenu"' in html
        assert "INVALID_TEMPLATE_VARIABLE" not in html

    def test_500_page_renders_without_context(self):
        from django.template.loader import get_template

        html = get_template("500.html").render()
        assert "Une erreur est survenue" in html and "INVALID_TEMPLATE_VARIABLE" not in html

    def test_english_home(self, client):
        client.force_login(UserFactory(first_name="Inès"))
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(reverse("home")).content.decode()
        assert '<html lang="en">' in html and "Hello Inès" in html and "My notifications" in html


class TestRoleAttestationPages:
    def test_form_lists_roles_of_my_institution_only(self, client):
        admin = RoleAssignmentFactory(role=Role.ADMINISTRATOR)
        person = UserFactory(email="jeanne@example.fr")
        RoleAssignmentFactory(role=Role.TEACHER, institution=admin.institution, user=person)
        RoleAssignmentFactory(role=Role.JURY_MEMBER, user=person)  # another institution
        client.force_login(admin.user)
        response = client.get(reverse("role_attestation_form"), {"email": "jeanne@example.fr"})
        assert [a.role for a in response.context["assignments"]] == [Role.TEACHER]

    def test_non_administrator_gets_404(self, client):
        ra = RoleAssignmentFactory(role=Role.SECRETARIAT)
        target = RoleAssignmentFactory(role=Role.TEACHER, institution=ra.institution)
        client.force_login(ra.user)
        assert client.get(reverse("role_attestation_form")).status_code == 404
        assert client.post(reverse("role_attestation_issue", args=[target.pk])).status_code == 404


class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["database"]["ok"] is True
        assert response.json()["broker"]["ok"] is True
        assert "sessionid" not in response.cookies

    def test_broker_down_gives_503(self, client, monkeypatch):
        from kombu import Connection

        def refuse(self, *args, **kwargs):
            raise ConnectionRefusedError("broker down")

        monkeypatch.setattr(Connection, "ensure_connection", refuse)
        response = client.get("/healthz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "error" and body["broker"] == {"ok": False, "detail": "ConnectionRefusedError"}
        assert body["database"]["ok"] is True

    def test_database_down_gives_503(self, client, monkeypatch):
        from core.views import health

        monkeypatch.setattr(health, "check_database", lambda: (False, "OperationalError"))
        assert client.get("/healthz").status_code == 503


def test_field_include_shows_label_error_and_help(rf):
    from django import forms
    from django.template.loader import render_to_string

    class F(forms.Form):
        email = forms.EmailField(label="Adresse", help_text="Celle de l'établissement")

    form = F(data={"email": "pas-une-adresse"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["email"]})
    assert '<label for="id_email">Adresse' in html
    assert 'aria-invalid="true"' in html and "errorlist" in html
    assert "Celle de l&#x27;établissement" in html and 'id="id_email_helptext"' in html
