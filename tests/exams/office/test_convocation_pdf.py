"""The PDF convocation is attached when the e-mail is built (NoticeKind.late_attachments); a rendering
failure never loses the e-mail: it goes out without the PDF (decision EO-05)."""

from __future__ import annotations

import pytest

from core.models import Notice
from core.notices.delivery import build_message
from exams.models import Convocation
from exams.services import events_generate_from_m3c, seats_allocate

from .factories import final_session, published_world

pytestmark = pytest.mark.django_db


def _notice(convocation: Convocation) -> Notice:
    from django.contrib.contenttypes.models import ContentType

    from exams.services.convocations import convocation_context

    return Notice.objects.create(key="t", kind="exams.convocation", recipient=convocation.student.user,
                  recipient_email=convocation.student.user.email, language="fr",
                  subject_type=ContentType.objects.get_for_model(Convocation), subject_id=convocation.pk,
                  context={**convocation_context(convocation), "changed": False, "url": "/"}, attachments=[])


@pytest.fixture
def convocation():
    world = published_world("utc", students=1)
    session = final_session(world)
    event = events_generate_from_m3c(actor=None, session=session)[0]
    from exams.services import event_rooms_set

    event_rooms_set(actor=None, event=event, rooms=[world.rooms["A101"]])
    seats_allocate(actor=None, event=event)
    return Convocation.objects.select_related("student__user", "event__module").get(event=event)


def test_the_pdf_is_attached_when_the_e_mail_is_built(settings, convocation):
    settings.CURSUS_NOTICE_LATE_ATTACHMENTS = True
    message = build_message(_notice(convocation))
    [(name, content, mimetype)] = message.attachments
    assert name == "convocation-R1.01.pdf" and mimetype == "application/pdf" and content.startswith(b"%PDF")


def test_a_rendering_failure_sends_the_e_mail_without_the_pdf(settings, convocation, monkeypatch):
    settings.CURSUS_NOTICE_LATE_ATTACHMENTS = True

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("WeasyPrint is broken")

    monkeypatch.setattr("exams.services.convocations.convocation_document", broken)
    message = build_message(_notice(convocation))
    assert message.attachments == []
    assert "Ressource 1" in message.body
