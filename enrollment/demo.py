"""Demo data of enrollment (run by ``manage.py seed_demo`` after the courses demo).

For each preset institution: required documents, ~20 students ``etudiant<N>@<domain>`` (password
``cursus-demo``; the first ones are created by core.demo and reused), most of them validated and
pedagogically registered to the published programme(s) of the year, a few incomplete (missing
documents), one draft, one complete awaiting validation; one with a tiers-temps, one
attendance-exempt. Idempotent: a student who already has a record is left as is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Role
from core.profiles.registry import PRESETS
from enrollment import services
from enrollment.models import RequiredDocumentType, Student

STUDENTS_PER_INSTITUTION = 20
EXTRA_NAMES = [
    ("Nathan", "Lefebvre"), ("Chloé", "Leroy"), ("Jules", "Roux"), ("Manon", "David"), ("Adam", "Bertrand"),
    ("Jade", "Morel"), ("Louis", "Fournier"), ("Emma", "Girard"), ("Gabriel", "Bonnet"), ("Louise", "Dupont"),
    ("Arthur", "Lambert"), ("Alice", "Fontaine"), ("Raphaël", "Rousseau"), ("Lina", "Vincent"),
    ("Paul", "Muller"), ("Rose", "Faure"), ("Tom", "André"), ("Zoé", "Mercier"), ("Noah", "Blanc"),
    ("Mila", "Guerin"),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INCOMPLETE = (17, 18)
DRAFT = 19
COMPLETE = 20
TIERS_TEMPS = 3
EXEMPT = 4


def _document_types(institution: Any, programmes: list[Any]) -> list[RequiredDocumentType]:
    types = []
    for position, (code, label) in enumerate(
        (("identite", "Pièce d'identité"), ("photo", "Photo d'identité"), ("cvec", "Attestation de paiement de la CVEC")),
        start=1,
    ):
        t, _ = RequiredDocumentType.objects.get_or_create(
            institution=institution, programme=None, code=code,
            defaults={"label": label, "accepted_types": ["pdf", "jpg", "png"], "max_size_kb": 5120, "position": position},
        )
        types.append(t)
    for programme in programmes:
        t, _ = RequiredDocumentType.objects.get_or_create(
            institution=institution, programme=programme, code="bac",
            defaults={"label": "Relevé de notes du baccalauréat", "accepted_types": ["pdf"], "max_size_kb": 5120,
                      "first_registration_only": True, "position": 9},
        )
        types.append(t)
    return types


def _upload(actor: Any, registration: Any, document_type: Any) -> None:
    services.document_upload(actor=actor, registration=registration, document_type=document_type,
                             file=SimpleUploadedFile(f"{document_type.code}.pdf", PDF, content_type="application/pdf"))


def _student(ctx: Any, preset: str, index: int, secretariat: Any) -> tuple[Any, bool]:
    if index <= len(ctx.students.get(preset, [])) - 1:
        user = ctx.students[preset][index]  # core.demo's etudiant<index> (index 0 is the role login)
    else:
        first, last = EXTRA_NAMES[(index - 1) % len(EXTRA_NAMES)]
        user = ctx.ensure_user(preset, f"etudiant{index}", first_name=first, last_name=last, role=Role.STUDENT,
                               who=f"{Role.STUDENT.label} {index}")
    existing = Student.objects.filter(user=user).first()
    if existing is not None:
        return existing, False
    digit = PRESETS.index(preset) + 1 if preset in PRESETS else 9
    fields: dict[str, Any] = {
        "ine": f"{digit}{ctx.academic_year % 100:02d}{index:07d}A",
        "birth_date": dt.date(2006 + index % 3, 1 + index % 12, 1 + index % 27),
        "birth_place": "Paris",
        "regime": "apprentice" if index % 7 == 0 else "initial",
        "trusted_person_name": "Parent Démo",
        "trusted_person_phone": "01 23 45 67 89",
    }
    if index == EXEMPT:
        fields.update(attendance_exempt=True, attendance_exempt_from=dt.date(ctx.academic_year, 9, 1),
                      attendance_exempt_until=dt.date(ctx.academic_year + 1, 8, 31), regime="continuing")
    student = services.student_create(
        actor=secretariat, institution=ctx.institutions[preset], email=user.email, first_name=user.first_name,
        last_name=user.last_name, student_number=f"{ctx.academic_year}{index:04d}", **fields,
    )
    return student, True


def _pedagogical(actor: Any, registration: Any) -> None:
    from courses.models import Parcours, Semester, TeachingGroup

    parcours = Parcours.objects.filter(programme_version_id=registration.study_year.programme_version_id).first()
    for semester in Semester.objects.filter(study_year_id=registration.study_year_id).order_by("number"):
        groups = list(TeachingGroup.objects.filter(semester=semester).order_by("kind", "code"))
        chosen: dict[str, int] = {}
        for group in groups:  # one group per kind, spread by student
            if group.kind not in chosen:
                same_kind = [g for g in groups if g.kind == group.kind]
                chosen[group.kind] = same_kind[registration.student_id % len(same_kind)].pk
        services.pedagogical_register(actor=actor, registration=registration, semester=semester, parcours=parcours,
                                      group_ids=list(chosen.values()))


def seed(ctx: Any) -> None:
    from courses.models import StudyYear

    for preset, institution in ctx.institutions.items():
        study_years = list(
            StudyYear.objects.filter(
                programme_version__academic_year=ctx.academic_year,
                programme_version__programme__component__institution=institution,
                programme_version__state__in=("published", "frozen"),
            ).select_related("programme_version__programme").order_by("programme_version__programme__code", "level")
        )
        if not study_years:
            ctx.log(f"  {institution} : aucune formation publiée, pas d'étudiants inscrits.")
            continue
        secretariat = ctx.user(preset, Role.SECRETARIAT)
        disability = ctx.user(preset, Role.DISABILITY_OFFICE)
        types = _document_types(institution, [sy.programme_version.programme for sy in study_years])
        created = 0
        for index in range(1, STUDENTS_PER_INSTITUTION + 1):
            student, new = _student(ctx, preset, index, secretariat)
            if not new:
                continue
            created += 1
            study_year = study_years[index % len(study_years)]
            reg = services.registration_create(actor=student.user, student=student, study_year=study_year)
            wanted = [t for t in types if t.programme_id in (None, study_year.programme_version.programme_id)]
            if index == DRAFT:
                continue
            if index in INCOMPLETE:
                _upload(student.user, reg, wanted[0])  # only the identity card: the rest is missing
                services.registration_submit(actor=student.user, registration=reg)
                continue
            for t in wanted:
                _upload(student.user, reg, t)
            services.registration_submit(actor=student.user, registration=reg)
            if index == COMPLETE:
                continue
            reg = services.registration_validate(actor=secretariat, registration=reg)
            _pedagogical(student.user, reg)
            if index == TIERS_TEMPS:
                services.accommodation_create(
                    actor=disability, student=student, kind="extra_time", extra_time_percent=33,
                    valid_from=dt.date(ctx.academic_year, 9, 1), valid_until=dt.date(ctx.academic_year + 1, 8, 31),
                    details="Tiers-temps aux examens écrits",
                )
        ctx.log(f"  {institution} : {created} étudiant·e·s inscrit·e·s ({len(study_years)} année(s) de formation).")
