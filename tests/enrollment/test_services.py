"""Service tests: the administrative-registration workflow with documents and notices."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError, NotFound, TransitionNotAllowed
from core.models import AuditEvent, Notice
from enrollment import selectors, services
from enrollment.models import RegistrationDocument, RegistrationTransition

from .conftest import pdf_upload
from .factories import RegistrationFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _create(world, student=None):
    student = student or world.student
    return services.registration_create(actor=student.user, student=student, study_year=world.study_year)


def test_submit_without_documents_is_incomplete_and_student_told_exactly_what(world):
    reg = _create(world)
    reg = services.registration_submit(actor=world.student.user, registration=reg)
    assert reg.state == "incomplete"
    notice = Notice.objects.get(kind="enrollment.incomplete", recipient=world.student.user)
    assert notice.rule_id == "ARL-ES05.5-check-file"
    assert [m["label"] for m in notice.context["missing"]] == ["Pièce d'identité", "Relevé de notes du baccalauréat"]
    log = list(RegistrationTransition.objects.filter(registration=reg).values_list("name", "from_state", "to_state"))
    assert log == [("submit", "draft", "submitted"), ("mark_incomplete", "submitted", "incomplete")]
    assert AuditEvent.objects.filter(action="enrollment.registration.mark_incomplete").exists()


def test_uploading_the_missing_documents_completes_then_validation(world):
    reg = _create(world)
    reg = services.registration_submit(actor=world.student.user, registration=reg)
    services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_id, file=pdf_upload())
    reg.refresh_from_db()
    assert reg.state == "incomplete"
    services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_bac,
                             file=pdf_upload("bac.pdf"))
    reg.refresh_from_db()
    assert reg.state == "complete"
    reg = services.registration_validate(actor=world.secretariat, registration=reg)
    assert reg.state == "validated" and reg.validated_by == world.secretariat
    assert set(reg.documents.values_list("status", flat=True)) == {"accepted"}
    assert Notice.objects.filter(kind="enrollment.validated", recipient=world.student.user).count() == 1


def test_stored_file_is_private_under_enrollment(world):
    reg = _create(world)
    doc = services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_id,
                                   file=pdf_upload())
    assert doc.file.name.startswith(f"enrollment/2026/{reg.pk}/")
    assert doc.file.name.endswith(".pdf") and "piece" not in doc.file.name  # random name, not the user's


def test_upload_refuses_bad_type_and_size(world):
    reg = _create(world)
    with pytest.raises(ApplicationError) as exc:
        services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_id,
                                 file=pdf_upload("virus.exe", b"MZ\x90\x00"))
    assert exc.value.code == "enrollment.invalid_upload" and "file" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_id,
                                 file=pdf_upload("big.pdf", b"%PDF-" + b"0" * 200 * 1024))
    assert "trop volumineux" in exc.value.fields["file"][0]
    assert not RegistrationDocument.objects.exists()


def test_submit_complete_file_goes_to_complete(world):
    reg = _create(world)
    for t in (world.doc_id, world.doc_bac):
        services.document_upload(actor=world.student.user, registration=reg, document_type=t, file=pdf_upload())
    reg = services.registration_submit(actor=world.student.user, registration=reg)
    assert reg.state == "complete"
    assert not Notice.objects.filter(kind="enrollment.incomplete").exists()


def test_rejecting_a_document_sends_back_to_incomplete_with_reason(world):
    reg = _create(world)
    docs = [services.document_upload(actor=world.student.user, registration=reg, document_type=t, file=pdf_upload())
            for t in (world.doc_id, world.doc_bac)]
    reg = services.registration_submit(actor=world.student.user, registration=reg)
    services.document_review(actor=world.secretariat, document=docs[0], accept=False, reason="Illisible")
    reg.refresh_from_db()
    assert reg.state == "incomplete"
    notice = Notice.objects.get(kind="enrollment.incomplete")
    assert notice.context["missing"] == [{"code": "identite", "label": "Pièce d'identité", "reason": "Illisible"}]
    with pytest.raises(ApplicationError):
        services.document_review(actor=world.secretariat, document=docs[0], accept=False, reason="")


def test_validation_refused_when_not_complete_and_by_student(world):
    reg = _create(world)
    with pytest.raises(TransitionNotAllowed):
        services.registration_validate(actor=world.secretariat, registration=reg)
    for t in (world.doc_id, world.doc_bac):
        services.document_upload(actor=world.student.user, registration=reg, document_type=t, file=pdf_upload())
    reg = services.registration_submit(actor=world.student.user, registration=reg)
    with pytest.raises(TransitionNotAllowed):
        services.registration_validate(actor=world.student.user, registration=reg)
    with pytest.raises(NotFound):
        services.registration_validate(actor=world.other_student.user, registration=reg)


def test_one_live_registration_per_year(world):
    _create(world)
    with pytest.raises(ApplicationError) as exc:
        _create(world)
    assert exc.value.code == "enrollment.already_registered"


def test_student_cannot_register_someone_else(world):
    with pytest.raises(NotFound):
        services.registration_create(actor=world.other_student.user, student=world.student, study_year=world.study_year)


def test_withdraw_by_student_and_cancel_by_secretariat(world):
    reg = _create(world)
    reg = services.registration_cancel(actor=world.student.user, registration=reg)
    assert reg.state == "cancelled"
    assert reg.transitions.get().name == "withdraw"
    reg2 = _create(world)  # a cancelled registration does not block a new one
    with pytest.raises(ApplicationError):
        services.registration_cancel(actor=world.secretariat, registration=reg2, reason="")
    reg2 = services.registration_cancel(actor=world.secretariat, registration=reg2, reason="Doublon")
    assert reg2.transitions.get().name == "cancel"


def test_student_cannot_withdraw_after_validation(world):
    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="validated")
    with pytest.raises(TransitionNotAllowed):
        services.registration_cancel(actor=world.student.user, registration=reg)


def test_remote_validation_for_overseas_resident(world, settings):
    """ARL-ES07-overseas: validated remotely, originals due at the rentrée (jours ouvrés after S1 start)."""
    from core.profiles.registry import get_param

    student = StudentFactory(institution=world.institution, overseas=True)
    reg = RegistrationFactory(student=student, study_year=world.study_year, state="complete")
    param = get_param("enrollment.remote_validation_overseas")
    assert param.default is False and param.preset_value("iut-arl") is True
    with pytest.raises(ApplicationError) as exc:  # no profile: default (off)
        services.document_upload(actor=student.user, registration=reg, document_type=world.doc_id, file=pdf_upload())
        services.document_upload(actor=student.user, registration=reg, document_type=world.doc_bac, file=pdf_upload())
        services.registration_validate(actor=world.secretariat, registration=reg, remote=True)
    assert exc.value.rule_id == "ARL-ES07-overseas"
    _assign_preset(world, "iut-arl")
    reg = services.registration_validate(actor=world.secretariat, registration=reg, remote=True)
    assert reg.state == "validated" and reg.remote_validation_pending_originals
    # S1 starts Monday 7 September 2026; + 5 jours ouvrés = Monday 14 September.
    assert reg.originals_due.isoformat() == "2026-09-14"
    notice = Notice.objects.get(kind="enrollment.validated")
    assert notice.context["originals_due"] == "14/09/2026"
    from core.models import Deadline

    deadline = Deadline.objects.get(key=f"enrollment.originals:{reg.pk}")
    assert deadline.rule_id == "ARL-ES07-overseas" and deadline.state == "pending"
    assert deadline.due_at.date().isoformat() == "2026-09-14"
    reg = services.registration_originals_checked(actor=world.secretariat, registration=reg)
    assert not reg.remote_validation_pending_originals and reg.originals_checked_at
    deadline.refresh_from_db()
    assert deadline.state == "met"


def test_remote_validation_refused_for_metropolitan_resident(world):
    _assign_preset(world, "iut-arl")
    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    with pytest.raises(ApplicationError) as exc:
        services.registration_validate(actor=world.secretariat, registration=reg, remote=True)
    assert exc.value.code == "enrollment.remote_validation_refused"


def _assign_preset(world, preset):
    from core.models import ComponentProfile, RegulationProfile
    from core.profiles.registry import preset_values

    profile = RegulationProfile.objects.create(institution=world.institution, preset=preset, academic_year=2026,
                                               name=preset, params=preset_values(preset))
    ComponentProfile.objects.create(component=world.component, academic_year=2026, profile=profile)


def test_reregistration_checked_against_jury_decision(world):
    from .factories import StudyYearFactory

    year2 = StudyYearFactory(programme_version=world.study_year.programme_version, level=2, label="BUT 2")
    with pytest.raises(ApplicationError) as exc:
        services.registration_create(actor=world.secretariat, student=world.student, study_year=year2,
                                     is_reregistration=True, previous_decision_code="NAR", previous_level=1)
    assert exc.value.code == "enrollment.reregistration_refused"
    with pytest.raises(ApplicationError):
        services.registration_create(actor=world.secretariat, student=world.student, study_year=year2,
                                     is_reregistration=True, previous_decision_code="RED", previous_level=1)
    reg = services.registration_create(actor=world.secretariat, student=world.student, study_year=year2,
                                       is_reregistration=True, previous_decision_code="ADM", previous_level=1)
    assert reg.is_reregistration and reg.previous_decision_code == "ADM"
    # first-registration-only documents are not required on a re-registration
    decision = selectors.documents_decision(selectors.registration_detail_queryset().get(pk=reg.pk))
    assert [d.code for d in decision.missing] == ["identite"]


def test_bulk_validate_and_remind(world):
    complete = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    incomplete = RegistrationFactory(student=world.other_student, study_year=world.study_year, state="incomplete")
    for t in (world.doc_id, world.doc_bac):
        services.document_upload(actor=world.secretariat, registration=complete, document_type=t, file=pdf_upload())
    done, refused = services.registrations_bulk_validate(actor=world.secretariat,
                                                         registration_ids=[complete.pk, incomplete.pk])
    assert done == [complete.pk] and list(refused) == [incomplete.pk]
    assert services.registrations_bulk_remind(actor=world.secretariat,
                                              registration_ids=[complete.pk, incomplete.pk]) == [incomplete.pk]
    services.registrations_bulk_remind(actor=world.secretariat, registration_ids=[incomplete.pk])
    assert Notice.objects.filter(kind="enrollment.incomplete", recipient=world.other_student.user).count() == 1


def test_student_record_ine_validated(world):
    with pytest.raises(ApplicationError) as exc:
        services.student_update(actor=world.secretariat, student=world.student, data={"ine": "12345"})
    assert "ine" in exc.value.fields
    student = services.student_update(actor=world.secretariat, student=world.student, data={"ine": "123456789ab"})
    assert student.ine == "123456789AB"
    with pytest.raises(NotFound):
        services.student_update(actor=world.other_student.user, student=world.student, data={"phone": "1"})


def test_accommodation_by_disability_office(world):
    from core.models import Role
    from tests.factories import RoleAssignmentFactory, UserFactory

    office = UserFactory()
    RoleAssignmentFactory(user=office, role=Role.DISABILITY_OFFICE, institution=world.institution)
    import datetime as dt

    with pytest.raises(ApplicationError):
        services.accommodation_create(actor=office, student=world.student, kind="extra_time",
                                      valid_from=dt.date(2026, 9, 1))
    acc = services.accommodation_create(actor=office, student=world.student, kind="extra_time",
                                        extra_time_percent=33, valid_from=dt.date(2026, 9, 1),
                                        valid_until=dt.date(2027, 8, 31))
    assert str(acc) == "Temps majoré (tiers-temps) 33 %"
    assert acc.is_valid_on(dt.date(2027, 1, 10)) and not acc.is_valid_on(dt.date(2027, 9, 1))
    with pytest.raises(NotFound):
        services.accommodation_create(actor=world.secretariat, student=world.student, kind="separate_room",
                                      valid_from=dt.date(2026, 9, 1))


def test_incomplete_notice_email_lists_missing_documents(world, mailoutbox, django_capture_on_commit_callbacks):
    reg = _create(world)
    services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_id, file=pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(actor=world.student.user, registration=reg)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.fr"] and "incomplet" in mail.subject
    assert "- Relevé de notes du baccalauréat" in mail.body and "Pièce d'identité" not in mail.body
    assert "INVALID_TEMPLATE_VARIABLE" not in mail.body


def test_validated_notice_email(world, mailoutbox, django_capture_on_commit_callbacks):
    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    for t in (world.doc_id, world.doc_bac):
        services.document_upload(actor=world.secretariat, registration=reg, document_type=t, file=pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_validate(actor=world.secretariat, registration=reg)
    assert len(mailoutbox) == 1 and "validée" in mailoutbox[0].subject
    assert "certificat de scolarité" in mailoutbox[0].body and "originaux" not in mailoutbox[0].body


def test_cancelling_remote_validation_waives_originals_deadline(world):
    from core.models import Deadline

    _assign_preset(world, "iut-arl")
    student = StudentFactory(institution=world.institution, overseas=True)
    reg = RegistrationFactory(student=student, study_year=world.study_year, state="complete")
    for t in (world.doc_id, world.doc_bac):
        services.document_upload(actor=world.secretariat, registration=reg, document_type=t, file=pdf_upload())
    reg = services.registration_validate(actor=world.secretariat, registration=reg, remote=True)
    services.registration_cancel(actor=world.secretariat, registration=reg, reason="Ne viendra pas")
    assert Deadline.objects.get(key=f"enrollment.originals:{reg.pk}").state == "waived"
