"""Who may see and do what in enrollment: the only place these checks live (STYLE 9).

A student sees only their own record and registrations. Scolarité staff (secretariat,
administrator, director) see and manage the registrations of programmes whose component
falls in their scope; the disability office manages accommodations. ``get_<entity>_for``
raises NotFound for missing and forbidden alike, so existence never leaks.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from core.errors import NotFound
from core.models import Role, User
from core.permissions import (
    active_assignments,
    has_role,
    roles_component_scope,
    roles_institution_ids,
    staff_component_scope,
)
from enrollment.models import AdministrativeRegistration, RegistrationDocument, RequiredDocumentType, Student

#: Roles that manage registrations (scolarité).
MANAGER_ROLES = frozenset({Role.SECRETARIAT, Role.ADMINISTRATOR, Role.DIRECTOR})
#: Roles that read registrations without managing them.
READER_ROLES = MANAGER_ROLES | {Role.PROGRAMME_HEAD, Role.EXAM_OFFICE, Role.DISABILITY_OFFICE}


def _component(registration: AdministrativeRegistration):  # type: ignore[no-untyped-def]
    return registration.study_year.programme_version.programme.component


def _is_own(user: User | None, registration: AdministrativeRegistration) -> bool:
    return bool(user and user.is_authenticated and registration.student.user_id == user.pk)


def can_view_registration(user: User | None, registration: AdministrativeRegistration) -> bool:
    """The student themself, or staff reading the programme's component."""
    if _is_own(user, registration):
        return True
    programme = registration.study_year.programme_version.programme
    return has_role(user, READER_ROLES, component=_component(registration), objects=(programme,))


def can_manage_registration(user: User | None, registration: AdministrativeRegistration) -> bool:
    """Scolarité of the programme's component (validate, request documents, cancel)."""
    return has_role(user, MANAGER_ROLES, component=_component(registration))


def can_edit_registration_as_student(user: User | None, registration: AdministrativeRegistration) -> bool:
    """The student may upload, submit, withdraw and choose options on their own registration."""
    return _is_own(user, registration)


def can_manage_students(user: User | None, institution_id: int) -> bool:
    """Create/import/edit student records of an institution: scolarité anywhere in it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return active_assignments(user).filter(role__in=list(MANAGER_ROLES), institution_id=institution_id).exists()


def can_view_student(user: User | None, student: Student) -> bool:
    if user is not None and user.is_authenticated and student.user_id == user.pk:
        return True
    return can_manage_students(user, student.institution_id) or has_role(
        user, {Role.DISABILITY_OFFICE}, institution=student.institution_id
    )


def can_edit_student(user: User | None, student: Student) -> bool:
    return can_manage_students(user, student.institution_id)


def can_manage_accommodations(user: User | None, student: Student) -> bool:
    """The disability office decides accommodations (TOURS-VI-3.2-accommodation-request)."""
    return has_role(user, {Role.DISABILITY_OFFICE, Role.ADMINISTRATOR}, institution=student.institution_id)


def can_access_backoffice(user: User | None) -> bool:
    return has_role(user, READER_ROLES)


def registrations_visible_to(user: User) -> QuerySet[AdministrativeRegistration]:
    """Registrations a user may list: their own, plus their staff scope's (set-based: one query)."""
    qs = AdministrativeRegistration.objects.all()
    if user.is_superuser:
        return qs
    scope = Q(student__user=user)
    institutions, components = staff_component_scope(user)
    if institutions:
        scope |= Q(study_year__programme_version__programme__component__institution_id__in=institutions)
    if components:
        scope |= Q(study_year__programme_version__programme__component_id__in=components)
    return qs.filter(scope)


def staff_registrations_visible_to(user: User) -> QuerySet[AdministrativeRegistration]:
    """Like registrations_visible_to, without the user's own (back-office lists)."""
    qs = AdministrativeRegistration.objects.all()
    if user.is_superuser:
        return qs
    institutions, components = staff_component_scope(user)
    scope = Q(pk__in=[])
    if institutions:
        scope |= Q(study_year__programme_version__programme__component__institution_id__in=institutions)
    if components:
        scope |= Q(study_year__programme_version__programme__component_id__in=components)
    return qs.filter(scope)


def get_registration_for(user: User, registration_id: int) -> AdministrativeRegistration:
    """The registration if ``user`` may see it; NotFound otherwise (missing or forbidden)."""
    from enrollment.selectors import registration_detail_queryset

    try:
        registration = registration_detail_queryset().get(pk=registration_id)
    except (AdministrativeRegistration.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_registration(user, registration):
        raise NotFound()
    return registration


def get_student_for(user: User, student_id: int) -> Student:
    try:
        student = Student.objects.select_related("user", "institution").get(pk=student_id)
    except (Student.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_student(user, student):
        raise NotFound()
    return student


def get_registration_document_for(user: User, document_id: int) -> RegistrationDocument:
    """An uploaded document: its owner student or staff who may see the registration."""
    try:
        document = RegistrationDocument.objects.select_related(
            "document_type",
            "registration__student__user",
            "registration__study_year__programme_version__programme__component",
        ).get(pk=document_id)
    except (RegistrationDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_registration(user, document.registration):
        raise NotFound()
    return document


def can_import_students(user: User | None) -> bool:
    """Importing student lists is for the secretariat, directors and administrators (the import page's rule)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or active_assignments(user).filter(role__in=list(MANAGER_ROLES)).exists())


# -- accommodation requests (TOURS-VI-3.2-accommodation-request, STRAS-11) ------------------------
# Reasons and supporting documents are medical: the student and the disability office only (not
# the scolarité, not teachers); anyone else gets NotFound.
#: Roles that handle accommodation requests (the queue's menu entry reads this).
ACCOMMODATION_OFFICE_ROLES = frozenset({Role.DISABILITY_OFFICE, Role.ADMINISTRATOR})


def can_file_accommodation_request(user: User | None, student: Student) -> bool:
    """The student for themself, or the disability office on their behalf."""
    if user is not None and user.is_authenticated and student.user_id == user.pk:
        return True
    return can_manage_accommodations(user, student)


def can_decide_accommodation_request(user: User | None, request) -> bool:  # type: ignore[no-untyped-def]
    """Review, grant, partially grant, refuse: the disability office of the student's institution."""
    return can_manage_accommodations(user, request.student)


def can_view_accommodation_request(user: User | None, request) -> bool:  # type: ignore[no-untyped-def]
    """Its student, or the disability office (medical reasons and documents included)."""
    if user is not None and user.is_authenticated and request.student.user_id == user.pk:
        return True
    return can_decide_accommodation_request(user, request)


def accommodation_office_institution_ids(user: User | None) -> set[int] | None:
    """Institutions whose requests ``user`` handles (None: all, superuser)."""
    return roles_institution_ids(user, ACCOMMODATION_OFFICE_ROLES)


def get_accommodation_request_for(user: User | None, request_id: int):  # type: ignore[no-untyped-def]
    from enrollment.models import AccommodationRequest

    try:
        request = AccommodationRequest.objects.select_related(
            "student__user", "student__institution", "component", "semester", "decided_by", "submitted_by",
        ).get(pk=request_id)
    except (AccommodationRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_accommodation_request(user, request):
        raise NotFound()
    return request


def get_accommodation_request_document_for(user: User | None, document_id: int):  # type: ignore[no-untyped-def]
    from enrollment.models import AccommodationRequestDocument

    try:
        document = AccommodationRequestDocument.objects.select_related(
            "request__student__user", "request__student__institution").get(pk=document_id)
    except (AccommodationRequestDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_accommodation_request(user, document.request):
        raise NotFound()
    return document


def can_configure_documents(user: User | None, institution, programme=None) -> bool:  # type: ignore[no-untyped-def]
    """The scolarité of the institution (any programme), or of the programme's component (that programme)."""
    if programme is None:
        return has_role(user, MANAGER_ROLES, institution=institution)
    return has_role(user, MANAGER_ROLES, component=programme.component)


def configurable_documents(user: User) -> Callable[[RequiredDocumentType], bool]:
    """``can_configure_documents`` for many rows at once: the user's scopes are read once."""
    if user.is_superuser:
        return lambda doc: True
    institutions, components = roles_component_scope(user, MANAGER_ROLES, include_object_scoped=False)
    return lambda doc: doc.institution_id in institutions or (
        doc.programme is not None and doc.programme.component_id in components)


def document_config_institution_ids(user: User | None) -> set[int] | None:
    """Institutions where ``user`` configures documents (None: all, superuser)."""
    return roles_institution_ids(user, MANAGER_ROLES)
