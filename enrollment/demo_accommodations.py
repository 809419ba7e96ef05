"""Demo accommodation requests (idempotent; wired by the lead after enrollment.demo and exams.demo).

Per institution, among the first registered students: one request granted (tiers-temps + large-print
subjects), one waiting in the disability office's queue (separate room), one refused with reasons.
Every write goes through the services (deadline verdicts, audit, notices, convocation updates)."""

from __future__ import annotations

from typing import Any

from core.errors import ApplicationError
from core.models import Role
from enrollment.models import AccommodationRequest, AdministrativeRegistration, RegistrationState
from enrollment.services.accommodation_requests import (
    accommodation_request_decide,
    accommodation_request_file,
)

PLAN = (
    (["extra_time", "large_print"], 33, "Trouble visuel reconnu (certificat du médecin agréé).", "grant"),
    (["separate_room"], None, "Trouble anxieux sévère : composition au calme demandée.", ""),
    (["secretary"], None, "Entorse du poignet droit.", "refuse"),
)


def seed(ctx: Any) -> None:
    for preset, institution in ctx.institutions.items():
        registrations = list(
            AdministrativeRegistration.objects.filter(student__institution=institution, academic_year=ctx.academic_year)
            .exclude(state=RegistrationState.CANCELLED).select_related("student__user").order_by("student_id")[:3])
        if not registrations:
            continue
        if AccommodationRequest.objects.filter(student__institution=institution).exists():
            ctx.log(f"  {institution} : demandes d'aménagement déjà présentes.")
            continue
        office = ctx.user(preset, Role.DISABILITY_OFFICE)
        for registration, (kinds, percent, reasons, decision) in zip(registrations, PLAN, strict=False):
            student = registration.student
            request = accommodation_request_file(actor=student.user, student=student, kinds=kinds,
                                                 extra_time_percent=percent, reasons=reasons,
                                                 academic_year=registration.academic_year)
            if decision == "grant":
                try:
                    accommodation_request_decide(actor=office, request=request, decision="grant",
                                                 prior_authorisation=True, prior_authorisation_ref="DEMO-001")
                except ApplicationError:  # late in a profile with a deadline: force majeure recorded
                    accommodation_request_decide(actor=office, request=request, decision="grant",
                                                 prior_authorisation=True, force_majeure=True,
                                                 force_majeure_explanation="Accident (démo).")
            elif decision == "refuse":
                accommodation_request_decide(actor=office, request=request, decision="refuse",
                                             reasons="Aménagement temporaire non nécessaire : main gauche valide.")
        ctx.log(f"  {institution} : {len(registrations)} demande(s) d'aménagement.")
