"""Certificate of enrollment (certificat de scolarité), only for validated registrations."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import Document, User
from core.models.documents import DocumentStatus
from enrollment import permissions
from enrollment.models import AdministrativeRegistration, RegistrationState

from .common import actor_kind, component_of

KIND = "enrollment.certificate"
TEMPLATE = "documents/enrollment/certificate.html"


def certificate_context(registration: AdministrativeRegistration) -> dict[str, str]:
    student = registration.student
    user = student.user
    programme = registration.study_year.programme_version.programme
    component = programme.component
    main_site = component.institution.sites.filter(is_main=True).first()
    return {
        "student_name": user.get_full_name() or user.email,
        "student_number": student.student_number,
        "ine": student.ine,
        "birth_date": formats.date_format(student.birth_date, "DATE_FORMAT") if student.birth_date else "",
        "birth_place": student.birth_place,
        "programme_title": str(getattr(programme, "title", programme)),
        "programme_year": str(registration.study_year),
        "component_name": component.name,
        "institution_name": component.institution.name,
        "academic_year": registration.academic_year_label,
        "regime": str(student.get_regime_display()),
        "validated_on": formats.date_format(timezone.localtime(registration.validated_at), "DATE_FORMAT")
        if registration.validated_at else "",
        "issued_on": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        "place": main_site.city if main_site and main_site.city else "",
    }


def certificate_for(registration: AdministrativeRegistration) -> Document | None:
    """The current (not failed) certificate already issued for this registration, if any."""
    ct = ContentType.objects.get_for_model(AdministrativeRegistration)
    return (
        Document.objects.filter(kind=KIND, subject_type=ct, subject_id=registration.pk)
        .exclude(status=DocumentStatus.FAILED)
        .order_by("-version", "-id")
        .first()
    )


def certificate_issue(*, actor: User, registration: AdministrativeRegistration) -> Document:
    """Issue (or return the already issued) certificate; refused unless the registration is validated."""
    from core.documents.services import document_issue

    actor_kind(actor, registration, prefer="student")  # NotFound for strangers
    if not permissions.can_view_registration(actor, registration):  # pragma: no cover - covered by actor_kind
        raise ApplicationError("not_found", _("Introuvable."))
    if registration.state != RegistrationState.VALIDATED:
        raise ApplicationError(
            "enrollment.certificate_not_available",
            _("Le certificat de scolarité n'est délivré que pour une inscription validée."),
            fields={"registration": _("Inscription non validée.")},
        )
    existing = certificate_for(registration)
    if existing is not None:
        return existing
    context = certificate_context(registration)
    return document_issue(
        actor=actor,
        kind=KIND,
        title=_("Certificat de scolarité %(y)s — %(n)s") % {"y": context["academic_year"], "n": context["student_name"]},
        template=TEMPLATE,
        context=context,
        owner=registration.student.user,
        component=component_of(registration),
        subject=registration,
    )
