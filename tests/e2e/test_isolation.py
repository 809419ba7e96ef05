"""Cross-student isolation on the demo data: student A never reads student B's objects.

A crawls their own pages; every detail URL met (web and API) is replayed with the id swapped for
an object of student B (same institution, so only ownership separates them): the answer must be
404 — never 200 (a leak) nor 403 (which confirms the object exists). On top of what the crawl
finds, the owner-scoped URL patterns (registrations, uploaded documents, certificate, documents,
notices, convocations, API) are always checked with B's ids.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db.models import QuerySet
from django.urls import Resolver404, resolve, reverse

from core.models import Document, Notice, User
from enrollment.models import AdministrativeRegistration, RegistrationDocument, RegistrationState
from enrollment.models.accommodation_requests import AccommodationRequest, AccommodationRequestDocument
from enrollment.services.certificates import certificate_issue
from exams.models import Convocation, ReserveFile, ReserveProof

from .crawler import crawl

STUDENT_A = "etudiant1@tours.demo"
STUDENT_B = "etudiant2@tours.demo"


def _registrations(user: User) -> QuerySet:
    return AdministrativeRegistration.objects.filter(student__user=user)


def _uploads(user: User) -> QuerySet:
    return RegistrationDocument.objects.filter(registration__student__user=user)


def _documents(user: User) -> QuerySet:
    return Document.objects.filter(owner=user)


def _notices(user: User) -> QuerySet:
    return Notice.objects.filter(recipient=user)


def _convocation_events(user: User) -> QuerySet:
    return Convocation.objects.filter(student__user=user)


#: URL name -> (kwarg holding the id, ids of the objects a user owns).
OWNED: dict[str, tuple[str, Callable[[User], QuerySet]]] = {
    "enrollment:registration": ("pk", lambda u: _registrations(u).values_list("pk", flat=True)),
    "enrollment:document_upload": ("pk", lambda u: _registrations(u).values_list("pk", flat=True)),
    "enrollment:certificate": ("pk", lambda u: _registrations(u).values_list("pk", flat=True)),
    "enrollment:uploaded_document": ("pk", lambda u: _uploads(u).values_list("pk", flat=True)),
    "enrollment-api-registration": ("pk", lambda u: _registrations(u).values_list("pk", flat=True)),
    "document_detail": ("pk", lambda u: _documents(u).values_list("pk", flat=True)),
    "document_download": ("pk", lambda u: _documents(u).values_list("pk", flat=True)),
    "api-document-detail": ("pk", lambda u: _documents(u).values_list("pk", flat=True)),
    "api-document-download": ("pk", lambda u: _documents(u).values_list("pk", flat=True)),
    "api_notice_detail": ("pk", lambda u: _notices(u).values_list("pk", flat=True)),
    "exams:convocation_detail": ("event_id", lambda u: _convocation_events(u).values_list("event_id", flat=True)),
    "exams:convocation_pdf": ("event_id", lambda u: _convocation_events(u).values_list("event_id", flat=True)),
    "exams:qr_signed": ("event_id", lambda u: _convocation_events(u).values_list("event_id", flat=True)),
    "exams:my_absence_detail": ("pk", lambda u: ReserveFile.objects.filter(convocation__student__user=u)
                                .values_list("pk", flat=True)),
    "exams:proof_download": ("pk", lambda u: ReserveProof.objects.filter(reserve__convocation__student__user=u)
                             .values_list("pk", flat=True)),
    "enrollment:accommodation_request": ("pk", lambda u: AccommodationRequest.objects.filter(student__user=u)
                                         .values_list("pk", flat=True)),
    "enrollment:accommodation_request_document": (
        "pk", lambda u: AccommodationRequestDocument.objects.filter(request__student__user=u)
        .values_list("pk", flat=True)),
}

#: POST-only views (a GET answers 405 whoever owns the object): they are probed with a POST.
POST_ONLY = {"enrollment:document_upload", "enrollment:certificate"}

#: Detail pages a student may see that are NOT owner-scoped (shared objects): nothing to swap.
SHARED = {"juries:my_mark"}  # an evaluation, shared by the cohort; the mark inside is the student's own


def _foreign_id(name: str, a: User, b: User) -> int | None:
    """An id of B's object of this kind that A does not own too (shared events are skipped)."""
    _, ids_of = OWNED[name]
    mine = set(ids_of(a))
    return next((pk for pk in ids_of(b) if pk not in mine), None)


def _check(client, url: str, *, post: bool = False) -> str | None:
    try:
        response = client.post(url) if post else client.get(url)
    except Exception as exc:
        return f"{url}: 500 {type(exc).__name__}: {exc}"
    if response.status_code != 404:
        return f"{url}: status {response.status_code} (want 404: object of {STUDENT_B})"
    return None


@pytest.fixture
def students(demo, django_capture_on_commit_callbacks):
    """A and B, each with an issued certificate of enrollment (a core Document they own)."""
    a, b = User.objects.get(email=STUDENT_A), User.objects.get(email=STUDENT_B)
    for user in (a, b):
        registration = _registrations(user).filter(state=RegistrationState.VALIDATED).first()
        assert registration is not None, f"the demo gives {user.email} a validated registration"
        with django_capture_on_commit_callbacks(execute=True):
            certificate_issue(actor=user, registration=registration)
    assert _documents(b).filter(status="issued").exists(), "B's certificate was rendered"
    return a, b


def test_student_cannot_open_another_students_objects_found_by_crawling(students, client):
    a, b = students
    client.force_login(a)
    result = crawl(client, STUDENT_A, per_pattern=3)
    detail_urls = {}
    unmapped = set()
    for url, status in result.visited.items():
        if status != 200:
            continue
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        if not any(isinstance(v, int) for v in match.kwargs.values()):
            continue
        name = match.view_name
        if name in OWNED:
            detail_urls.setdefault(name, match.kwargs)
        elif name not in SHARED:
            unmapped.add(f"{name} ({url})")
    assert not unmapped, (
        f"{STUDENT_A} reaches detail pages this test does not know how to swap: {sorted(unmapped)} — "
        "add them to OWNED (owner-scoped) or SHARED"
    )
    assert "enrollment:registration" in detail_urls, f"{STUDENT_A} never reaches a registration: {result.visited}"
    failures = []
    for name, kwargs in detail_urls.items():
        foreign = _foreign_id(name, a, b)
        if foreign is None:
            continue
        key = OWNED[name][0]
        failures.append(_check(client, reverse(name, kwargs={**kwargs, key: foreign}), post=name in POST_ONLY))
    failures = [f for f in failures if f]
    assert not failures, f"{STUDENT_A} reads {STUDENT_B}'s objects:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("name", sorted(OWNED))
def test_every_owner_scoped_pattern_answers_404_for_another_student(students, client, name):
    a, b = students
    foreign = _foreign_id(name, a, b)
    if foreign is None:
        pytest.skip(f"the demo data gives {STUDENT_B} no object for {name}")
    client.force_login(a)
    key = OWNED[name][0]
    url = reverse(name, kwargs={key: foreign})
    problem = _check(client, url, post=name in POST_ONLY)
    assert problem is None, f"{STUDENT_A}: {problem}"
    if name in POST_ONLY:
        return
    # …and the same URL works for B, so the 404 above is about ownership, not a broken page.
    client.force_login(b)
    response = client.get(url)
    assert response.status_code in (200, 302), f"{STUDENT_B} on their own {url}: {response.status_code}"


@pytest.mark.parametrize("url", ["/api/v1/enrollment/me/", "/api/v1/documents/", "/api/v1/notices/"])
def test_api_lists_hold_only_the_students_own_objects(students, client, url):
    a, b = students
    client.force_login(a)
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, f"{STUDENT_A} {url}: {response.status_code}"
    body = response.content.decode()
    assert b.email not in body and str(b.get_full_name()) not in body, f"{url} shows {STUDENT_B} to {STUDENT_A}"
