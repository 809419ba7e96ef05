"""Notices: enqueue validation (nothing written on bad input), idempotence, strict rendering."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ApplicationError
from core.models import Notice
from core.models.notices import NoticeStatus
from core.notices.rendering import render_notice
from core.notices.services import notice_enqueue
from core.notices_registry import NoticeKind, get_kind
from tests.factories import UserFactory

CTX = {"recipient_name": "Camille", "title": "Compléter le dossier", "due": "08/10/2026 23:59",
       "days_before": 7, "rule_id": "ARL-ES05.5-check-file", "url": "http://x/echeances/", "rule_url": ""}


@pytest.mark.django_db
def test_same_key_twice_one_row_one_mail(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        n1 = notice_enqueue(key="k1", kind="core.deadline_reminder", recipient=user, context=CTX,
                            rule_id="ARL-ES05.5-check-file")
    with django_capture_on_commit_callbacks(execute=True):
        n2 = notice_enqueue(key="k1", kind="core.deadline_reminder", recipient=user, context=CTX)
    assert n1.pk == n2.pk
    assert Notice.objects.count() == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert mail.subject == "Rappel : Compléter le dossier — échéance le 08/10/2026 23:59"
    assert "ARL-ES05.5-check-file" in mail.body and "7 jours" in mail.body
    assert mail.extra_headers["Message-ID"].startswith("<notice.")
    n1.refresh_from_db()
    assert n1.status == NoticeStatus.SENT and n1.attempts == 1 and n1.sent_at is not None
    assert n1.rule_id == "ARL-ES05.5-check-file"


@pytest.mark.django_db
def test_missing_required_context_names_the_field_and_writes_nothing(django_capture_on_commit_callbacks):
    ctx = {k: v for k, v in CTX.items() if k != "due"}
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError) as exc:
        notice_enqueue(key="k", kind="core.deadline_reminder", email="a@example.fr", context=ctx)
    assert exc.value.code == "notices.missing_context"
    assert list(exc.value.fields) == ["due"]
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_template_variable_missing_from_required_is_caught_by_the_dry_run():
    # A kind whose template uses a variable its `required` list forgot: the strict render refuses it.
    kind = NoticeKind(code="core.deadline_late", required=("recipient_name", "title", "due", "url"),
                      rule_id="ARL-ES05.5-check-file")
    ctx = {"recipient_name": "A", "title": "T", "due": "d", "url": "u"}
    with pytest.raises(ApplicationError) as exc:
        render_notice(kind, ctx, "fr")
    assert exc.value.code == "notices.missing_context"
    assert "rule_id" in exc.value.fields
    assert exc.value.rule_id == "ARL-ES05.5-check-file"


@pytest.mark.django_db
def test_enqueue_with_template_variable_missing_writes_nothing(monkeypatch, django_capture_on_commit_callbacks):
    from core.notices import services

    forgetful = NoticeKind(code="core.deadline_late", required=("recipient_name", "title", "due", "url"),
                           rule_id="ARL-ES05.5-check-file")
    monkeypatch.setattr(services, "get_kind", lambda code: forgetful)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError) as exc:
        notice_enqueue(key="k", kind="core.deadline_late", email="a@example.fr",
                       context={"recipient_name": "A", "title": "T", "due": "d", "url": "u"})
    assert exc.value.code == "notices.missing_context"
    assert "rule_id" in exc.value.fields and exc.value.rule_id == "ARL-ES05.5-check-file"
    assert "rule_id" in exc.value.message and "core.deadline_late" in exc.value.message
    assert not Notice.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"kind": "nope.kind"}, "notices.unknown_kind", "kind"),
        ({"email": ""}, "notices.no_recipient", "email"),
        ({"email": "not-an-address"}, "notices.no_recipient", "email"),
        ({"context": {"recipient_name": dt.date(2026, 1, 1), "site_url": "u"}},
         "notices.context_not_serialisable", "recipient_name"),
        ({"attachments": [{"filename": "a.ics"}]}, "notices.invalid_attachment", "attachments"),
        ({"key": ""}, "notices.invalid_key", "key"),
    ],
)
def test_enqueue_refuses_bad_input(kwargs, code, field):
    values = {"key": "k", "kind": "core.test_notice", "email": "a@example.fr",
              "context": {"recipient_name": "A", "site_url": "u"}}
    values.update(kwargs)
    with pytest.raises(ApplicationError) as exc:
        notice_enqueue(**values)
    assert exc.value.code == code
    assert field in exc.value.fields
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_language_preference_and_french_fallback(django_capture_on_commit_callbacks, mailoutbox):
    en = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notice_enqueue(key="en", kind="core.test_notice", recipient=en,
                       context={"recipient_name": "A", "site_url": "http://s"})
        # enrollment.incomplete has an English template too; a language with none falls back to French.
        notice_enqueue(key="de", kind="core.test_notice", email="b@example.fr", language="de",
                       context={"recipient_name": "B", "site_url": "http://s"})
    by_to = {m.to[0]: m for m in mailoutbox}
    assert by_to[en.email].subject == "Cursus: test e-mail"
    assert by_to["b@example.fr"].subject == "Cursus : e-mail de test"
    assert Notice.objects.get(key="de").language == "fr"
    html = {mime: content for content, mime in by_to[en.email].alternatives}["text/html"]
    assert 'href="http://s"' in html


@pytest.mark.django_db
def test_html_is_escaped_but_text_is_not(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        notice_enqueue(key="esc", kind="core.test_notice", email="a@example.fr",
                       context={"recipient_name": "Anne & <Bob>", "site_url": "http://s"})
    mail = mailoutbox[0]
    assert "Anne & <Bob>" in mail.body
    assert "Anne &amp; &lt;Bob&gt;" in mail.alternatives[0][0]


def test_optional_if_on_missing_variable_is_allowed():
    kind = get_kind("core.deadline_reminder")
    ctx = {k: v for k, v in CTX.items() if k != "rule_url"}
    rendered = render_notice(kind, ctx, "fr")
    assert "Texte de la règle" not in rendered.body


@pytest.mark.parametrize(
    ("source", "context", "missing"),
    [
        ("{{ a }}", {}, "a"),
        ("{{ a.b }}", {"a": {"c": 1}}, "a.b"),
        ("{{ a|upper }}", {}, "a"),
        ("{{ a|default:'x' }}", {}, "a"),
        ("{% if a %}{{ b }}{% endif %}", {"a": 1}, "b"),
        ("{% if a %}x{% endif %}{% for i in b %}{{ i }}{% endfor %}", {}, None),
        ("{{ a.b }} {{ c|length }}", {"a": {"b": 1}, "c": [1]}, None),
    ],
)
def test_strict_engine(source, context, missing):
    from django.template import Context

    from core.notices.rendering import MissingVariable, _engine

    template = _engine(False).from_string(source)
    if missing is None:
        template.render(Context(context))
    else:
        with pytest.raises(MissingVariable) as exc:
            template.render(Context(context))
        assert exc.value.name == missing


@pytest.mark.parametrize("code", ["core.deadline_reminder", "core.deadline_late", "core.test_notice"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_core_templates_use_only_their_declared_context(code, language):
    """Every core template renders (strictly) from exactly its required keys (+ optional rule_url)."""
    kind = get_kind(code)
    context = {key: f"<{key}>" for key in kind.required}
    if "days_before" in context:
        context["days_before"] = 2
    rendered = render_notice(kind, context, language)
    assert rendered.language == language
    for key, value in context.items():
        assert str(value) in rendered.subject + rendered.body, key
