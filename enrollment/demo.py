"""Demo data of enrollment (run by ``manage.py seed_demo`` after the courses demo).

For each preset institution: required documents, ~20 students ``etudiant<N>@<domain>`` (password
``cursus-demo``; the first ones are created by core.demo and reused), most of them validated and
pedagogically registered to the published programme(s) of the year, a few incomplete (missing
documents), one draft, one complete awaiting validation; one with a tiers-temps, one
attendance-exempt. Idempotent: a student who already has a record is left as is.

Plain rows are bulk-created (users with the shared password hash, student records, the uploaded
documents pointing to one stored demo PDF per type, pedagogical and module registrations); every
state change of a file goes through the services (create, submit with the documents check,
validate), as do accommodations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.demo import DemoUser
from core.models import Role
from core.profiles.registry import PRESETS
from enrollment import services
from enrollment.models import (
    DocumentStatus,
    GroupMembership,
    ModuleRegistration,
    PedagogicalRegistration,
    RegistrationDocument,
    RequiredDocumentType,
    Student,
)

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


def _demo_file(document_type: RequiredDocumentType) -> str:
    """One stored demo PDF per document type, shared by every demo registration (idempotent)."""
    name = f"enrollment/demo/{document_type.code}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(PDF))
    return name


def _attach(pairs: list[tuple[Any, Any]]) -> None:
    """Bulk: the uploaded documents of the demo files (plain rows, pending review, one shared PDF
    per type; the per-upload service would render one audit row and re-check the file each time)."""
    files = {t.pk: _demo_file(t) for t in {t.pk: t for _, t in pairs}.values()}
    RegistrationDocument.objects.bulk_create(
        RegistrationDocument(registration=reg, document_type=t, file=files[t.pk], original_name=f"{t.code}.pdf",
                             size=len(PDF), uploaded_by=reg.student.user, status=DocumentStatus.PENDING)
        for reg, t in pairs
    )


def _students(ctx: Any, preset: str) -> list[tuple[Any, bool]]:
    """(student, created) for etudiant1..N: users and student records as bulk plain rows."""
    core_students = ctx.students.get(preset, [])
    indices = range(1, STUDENTS_PER_INSTITUTION + 1)
    extra = [DemoUser(f"etudiant{i}", *EXTRA_NAMES[(i - 1) % len(EXTRA_NAMES)], Role.STUDENT,
                      f"{Role.STUDENT.label} {i}") for i in indices if i > len(core_students) - 1]
    users = core_students[1:] + ctx.ensure_users(preset, extra)
    users = users[:STUDENTS_PER_INSTITUTION]
    existing = {s.user_id: s for s in Student.objects.filter(user__in=users).select_related("user")}
    digit = PRESETS.index(preset) + 1 if preset in PRESETS else 9
    new = []
    for index, user in enumerate(users, start=1):
        if user.pk in existing:
            continue
        student = Student(
            user=user, institution=ctx.institutions[preset], student_number=f"{ctx.academic_year}{index:04d}",
            ine=f"{digit}{ctx.academic_year % 100:02d}{index:07d}A",
            birth_date=dt.date(2006 + index % 3, 1 + index % 12, 1 + index % 27), birth_place="Paris",
            regime="apprentice" if index % 7 == 0 else "initial", trusted_person_name="Parent Démo",
            trusted_person_phone="01 23 45 67 89",
        )
        if index == EXEMPT:
            student.attendance_exempt, student.regime = True, "continuing"
            student.attendance_exempt_from = dt.date(ctx.academic_year, 9, 1)
            student.attendance_exempt_until = dt.date(ctx.academic_year + 1, 8, 31)
        student.full_clean(validate_unique=False, validate_constraints=False)
        new.append(student)
    Student.objects.bulk_create(new)
    created = {s.user_id: s for s in Student.objects.filter(user__in=[s.user for s in new]).select_related("user")}
    return [(existing[u.pk], False) if u.pk in existing else (created[u.pk], True) for u in users]


def _pedagogical(regs: list[Any]) -> None:
    """Bulk: every validated registration's pedagogical registration to each semester of its year
    (mandatory modules of the common core, one group per kind spread by student) as plain rows."""
    from courses.models import Parcours, Semester, TeachingGroup
    from enrollment.services.pedagogical import _modules_for

    peds, modules_of, groups_of, years = [], {}, {}, {}
    for reg in regs:
        if reg.study_year_id not in years:  # (parcours, semesters) of each study year, looked up once
            parcours = Parcours.objects.filter(programme_version_id=reg.study_year.programme_version_id).first()
            semesters = list(Semester.objects.filter(study_year_id=reg.study_year_id).order_by("number"))
            years[reg.study_year_id] = (parcours, semesters)
            for semester in semesters:
                modules_of[semester.pk] = _modules_for(semester, parcours)[0]
                groups_of[semester.pk] = list(TeachingGroup.objects.filter(semester=semester).order_by("kind", "code"))
        parcours, semesters = years[reg.study_year_id]
        peds += [PedagogicalRegistration(administrative_registration=reg, semester=semester, parcours=parcours)
                 for semester in semesters]
    PedagogicalRegistration.objects.bulk_create(peds)
    peds = list(PedagogicalRegistration.objects.filter(administrative_registration__in=regs))
    ModuleRegistration.objects.bulk_create(
        ModuleRegistration(pedagogical_registration=ped, module=m) for ped in peds for m in modules_of[ped.semester_id]
    )
    student_of = {r.pk: r.student_id for r in regs}
    memberships = []
    for ped in peds:
        groups = groups_of[ped.semester_id]
        kinds = sorted({g.kind for g in groups})
        for kind in kinds:
            same_kind = [g for g in groups if g.kind == kind]
            student_id = student_of[ped.administrative_registration_id]
            memberships.append(GroupMembership(pedagogical_registration=ped, group=same_kind[student_id % len(same_kind)]))
    GroupMembership.objects.bulk_create(memberships)


def seed(ctx: Any) -> None:
    """Students and their files: plain rows in bulk, every state change through the services."""
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
        created, regs, uploads = 0, {}, []
        for index, (student, new) in enumerate(_students(ctx, preset), start=1):
            if not new:
                continue
            created += 1
            study_year = study_years[index % len(study_years)]
            regs[index] = services.registration_create(actor=student.user, student=student, study_year=study_year)
            wanted = [t for t in types if t.programme_id in (None, study_year.programme_version.programme_id)]
            if index == DRAFT:
                continue
            uploads += [(regs[index], t) for t in (wanted[:1] if index in INCOMPLETE else wanted)]
        _attach(uploads)  # incomplete files: only the identity card, the rest is missing
        validated = []
        for index, reg in regs.items():
            if index == DRAFT:
                continue
            reg = services.registration_submit(actor=reg.student.user, registration=reg)
            if index in INCOMPLETE or index == COMPLETE:
                continue
            validated.append(services.registration_validate(actor=secretariat, registration=reg))
            if index == TIERS_TEMPS:
                services.accommodation_create(
                    actor=disability, student=reg.student, kind="extra_time", extra_time_percent=33,
                    valid_from=dt.date(ctx.academic_year, 9, 1), valid_until=dt.date(ctx.academic_year + 1, 8, 31),
                    details="Tiers-temps aux examens écrits",
                )
        _pedagogical(validated)
        ctx.log(f"  {institution} : {created} étudiant·e·s inscrit·e·s ({len(study_years)} année(s) de formation).")
