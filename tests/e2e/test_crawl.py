"""Crawl Cursus as every role of two presets, a student and the superuser (demo data).

From the home page, breadth-first to depth 2 (at most 60 pages, two URLs per page kind), every
page must answer 200 (or redirect somewhere other than the login page) — a link SHOWN to a user
must never 403/404 — never 500, render no unknown template variable, have ``<html lang>``, exactly
one ``<h1>`` and a label for every visible form control. Failures name the user, the URL, the
page that showed the link and what is wrong.
"""

from __future__ import annotations

import pytest

from core.demo import INSTITUTIONS, ROLE_LOGINS, SUPERUSER_EMAIL
from core.models import Role, User

from .crawler import crawl, page_problems

PRESETS = ("tours", "iut-rsy")
DOMAINS = {spec.preset: spec.domain for spec in INSTITUTIONS}

#: (email, reason) of crawls expected to fail because the area is still being written.
KNOWN_FAILURES: dict[str, str] = {}


def crawled_users() -> list[str]:
    emails = [f"{ROLE_LOGINS[role]}@{DOMAINS[preset]}" for preset in PRESETS for role in Role]
    return [*emails, f"etudiant1@{DOMAINS['tours']}", SUPERUSER_EMAIL]


def _param(email: str):
    if email in KNOWN_FAILURES:
        return pytest.param(email, id=email, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[email], strict=False))
    return pytest.param(email, id=email)


@pytest.mark.parametrize("email", [_param(e) for e in crawled_users()])
def test_every_page_a_user_is_shown_works(demo, client, email):
    user = User.objects.get(email=email)
    client.force_login(user)
    result = crawl(client, email)
    assert result.visited.get("/") == 200, result.report()
    assert len(result.visited) > 1, f"{email}: the home page links to nothing ({result.visited})"
    assert not result.failures, result.report()


def test_superuser_reaches_the_admin_index(demo, client):
    client.force_login(User.objects.get(email=SUPERUSER_EMAIL))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode()


def test_staff_admin_is_closed_to_a_secretariat(demo, client):
    client.force_login(User.objects.get(email=f"scolarite@{DOMAINS['tours']}"))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_anonymous_pages(demo, client, url):
    response = client.get(url)
    assert response.status_code == 200
    problems = page_problems(response.content.decode())
    assert not problems, f"anonymous {url}: {problems}"
