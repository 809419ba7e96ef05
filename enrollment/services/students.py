"""The student record and accommodations."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, NotFound
from core.models import Institution, User
from enrollment import permissions, rules
from enrollment.models import Accommodation, AccommodationKind, Student

#: Fields of the record the scolarité may edit (the student's identity is on core.User).
EDITABLE_FIELDS = (
    "student_number", "ine", "birth_date", "birth_place", "phone", "address", "resides_outside_metropole",
    "trusted_person_name", "trusted_person_phone", "trusted_person_email", "regime",
    "attendance_exempt", "attendance_exempt_from", "attendance_exempt_until",
)


def _validation_error(exc: ValidationError) -> ApplicationError:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return ApplicationError("enrollment.invalid_student", _("Fiche étudiant invalide."), fields=fields)


def student_create(
    *,
    actor: User | None,
    institution: Institution,
    email: str,
    first_name: str,
    last_name: str,
    student_number: str,
    password: str | None = None,
    check_permission: bool = True,
    **fields: Any,
) -> Student:
    """Create the student record (and the user account when none has this e-mail)."""
    if check_permission and not permissions.can_manage_students(actor, institution.pk):
        raise NotFound()
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError("enrollment.unknown_fields", _("Champs inconnus."), fields=dict.fromkeys(unknown, "?"))
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
        elif hasattr(user, "student"):
            raise ApplicationError("enrollment.student_exists", _("Cette personne a déjà une fiche étudiant."),
                                   fields={"email": _("Fiche existante.")})
        student = Student(user=user, institution=institution, student_number=student_number.strip(), **fields)
        try:
            student.full_clean()
        except ValidationError as exc:
            raise _validation_error(exc) from None
        student.save()
        audit_record(actor=actor, action="enrollment.student.create", obj=student,
                     after=snapshot(student, ("student_number", "ine", "regime")))
    return student


def student_update(*, actor: User, student: Student, data: dict[str, Any]) -> Student:
    """Change fields of the record (scolarité); no-op when nothing changes."""
    if not permissions.can_edit_student(actor, student):
        raise NotFound()
    changed = [k for k in EDITABLE_FIELDS if k in data and getattr(student, k) != data[k]]
    if not changed:
        return student
    with transaction.atomic():
        locked = Student.objects.select_for_update(of=("self",)).get(pk=student.pk)
        before = snapshot(locked, changed)
        for key in changed:
            setattr(locked, key, data[key])
        try:
            locked.full_clean()
        except ValidationError as exc:
            raise _validation_error(exc) from None
        locked.save()
        audit_record(actor=actor, action="enrollment.student.update", obj=locked, before=before,
                     after=snapshot(locked, changed))
    student.refresh_from_db()
    return student


def accommodation_create(
    *,
    actor: User,
    student: Student,
    kind: str,
    valid_from: date,
    valid_until: date | None = None,
    extra_time_percent: int | None = None,
    details: str = "",
) -> Accommodation:
    """Record an accommodation decided by the disability office (TOURS-VI-3.2-accommodation-request)."""
    if not permissions.can_manage_accommodations(actor, student):
        raise NotFound()
    if kind == AccommodationKind.EXTRA_TIME and not extra_time_percent:
        raise ApplicationError("enrollment.extra_time_percent_required",
                               _("Indiquez le pourcentage de temps majoré (33 pour un tiers-temps)."),
                               fields={"extra_time_percent": _("Obligatoire pour un temps majoré.")},
                               rule_id="TOURS-VI-3.2-accommodation-request")
    if kind != AccommodationKind.EXTRA_TIME:
        extra_time_percent = None
    if valid_until is not None and not rules.is_valid_on(valid_until, valid_from, None):
        raise ApplicationError("enrollment.invalid_period", _("La fin de validité précède son début."),
                               fields={"valid_until": _("Avant le début.")})
    with transaction.atomic():
        acc = Accommodation(student=student, kind=kind, valid_from=valid_from, valid_until=valid_until,
                            extra_time_percent=extra_time_percent, details=details, decided_by=actor)
        try:
            acc.full_clean()
        except ValidationError as exc:
            raise _validation_error(exc) from None
        acc.save()
        audit_record(actor=actor, action="enrollment.accommodation.create", obj=acc,
                     after={"kind": kind, "percent": extra_time_percent, "from": valid_from, "until": valid_until},
                     rule_id="TOURS-VI-3.2-accommodation-request")
    return acc
