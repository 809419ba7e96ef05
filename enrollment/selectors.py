"""Reads of enrollment, with the joins their callers need (STYLE 4).

Other apps rely on these names (stable): ``students_registered_to_modules``,
``is_registered_to_module``, ``student_for_user``, ``registrations_for_student``,
``exam_eligibility_for``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from core.models import User
from enrollment import rules
from enrollment.models import (
    AdministrativeRegistration,
    GroupMembership,
    ModuleRegistration,
    PedagogicalRegistration,
    RegistrationDocument,
    RegistrationState,
    RegistrationTransition,
    RequiredDocumentType,
    Student,
)

_PROGRAMME = "study_year__programme_version__programme"


def student_for_user(user: User | None) -> Student | None:
    """The student record of a signed-in person, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Student.objects.select_related("user", "institution").filter(user_id=user.pk).first()


def registrations_for_student(student: Student) -> QuerySet[AdministrativeRegistration]:
    """A student's registrations, newest year first, with the programme chain."""
    return (
        AdministrativeRegistration.objects.filter(student=student)
        .select_related(f"{_PROGRAMME}__component", "study_year__programme_version")
        .order_by("-academic_year", "-id")
    )


def _registered_filter(prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}administrative_registration__state": RegistrationState.VALIDATED}


def students_registered_to_modules(module_ids: Iterable[int]) -> QuerySet[User]:
    """Users with a *validated* administrative registration and a pedagogical registration to one
    of the modules (TOURS-VI-enrollment-prerequisite: both are needed to be convened)."""
    ids = list(module_ids)
    user_ids = ModuleRegistration.objects.filter(
        module_id__in=ids,
        pedagogical_registration__administrative_registration__state=RegistrationState.VALIDATED,
    ).values("pedagogical_registration__administrative_registration__student__user_id")
    return User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name", "pk")


def is_registered_to_module(user: User | None, module: Any) -> bool:
    """One query: validated administrative registration + module registration."""
    if user is None or not user.is_authenticated:
        return False
    return ModuleRegistration.objects.filter(
        module_id=getattr(module, "pk", module),
        pedagogical_registration__administrative_registration__state=RegistrationState.VALIDATED,
        pedagogical_registration__administrative_registration__student__user_id=user.pk,
    ).exists()


def exam_eligibility_for(user: User, module: Any) -> rules.Decision:
    """Why a person may (not) be convened to a module's exams (TOURS-VI-enrollment-prerequisite)."""
    validated = AdministrativeRegistration.objects.filter(
        student__user_id=user.pk, state=RegistrationState.VALIDATED
    ).exists()
    return rules.exam_eligibility(
        administrative_validated=validated, pedagogical_registered=is_registered_to_module(user, module)
    )


def registration_detail_queryset() -> QuerySet[AdministrativeRegistration]:
    return AdministrativeRegistration.objects.select_related(
        "student__user",
        "student__institution",
        "study_year__programme_version__programme__component__institution",
        "validated_by",
    ).prefetch_related(
        Prefetch(
            "documents",
            queryset=RegistrationDocument.objects.select_related("document_type").order_by(
                "document_type__position", "-uploaded_at", "-id"
            ),
        ),
        Prefetch("transitions", queryset=RegistrationTransition.objects.select_related("actor").order_by("at", "id")),
        Prefetch(
            "pedagogical_registrations",
            queryset=PedagogicalRegistration.objects.select_related("semester", "parcours").prefetch_related(
                Prefetch("module_registrations", queryset=ModuleRegistration.objects.select_related("module")),
                Prefetch("group_memberships", queryset=GroupMembership.objects.select_related("group")),
            ),
        ),
        "student__accommodations",
    )


def required_document_types(registration: AdministrativeRegistration) -> list[RequiredDocumentType]:
    """Institution-wide types plus those of the registration's programme (one query)."""
    programme = registration.study_year.programme_version.programme
    return list(
        RequiredDocumentType.objects.filter(
            Q(programme__isnull=True) | Q(programme_id=programme.pk),
            institution_id=registration.student.institution_id,
        ).order_by("position", "label", "id")
    )


def _required(types: Iterable[RequiredDocumentType]) -> list[rules.RequiredDoc]:
    return [rules.RequiredDoc(t.code, str(t.label), t.mandatory, t.first_registration_only) for t in types]


def documents_decision(
    registration: AdministrativeRegistration, types: list[RequiredDocumentType] | None = None
) -> rules.DocumentsDecision:
    """ARL-ES05.5-check-file: what is missing or rejected (uses prefetched documents if any)."""
    types = required_document_types(registration) if types is None else types
    provided: dict[str, list[str]] = defaultdict(list)
    by_id = {t.pk: t.code for t in types}
    for doc in registration.documents.all():
        code = by_id.get(doc.document_type_id)
        if code:
            provided[code].append(doc.status)
    return rules.documents_decision(_required(types), provided, is_reregistration=registration.is_reregistration)


def missing_documents_context(
    registration: AdministrativeRegistration, decision: rules.DocumentsDecision
) -> list[dict[str, str]]:
    """[{code, label, reason}] for notices and pages: reasons of the latest rejection."""
    reasons: dict[str, str] = {}
    for doc in registration.documents.all():
        if doc.status == "rejected" and doc.document_type.code not in reasons:
            reasons[doc.document_type.code] = doc.rejection_reason
    out = [{"code": d.code, "label": d.label, "reason": ""} for d in decision.missing]
    out += [{"code": d.code, "label": d.label, "reason": reasons.get(d.code, "")} for d in decision.rejected]
    return out


def registration_list(
    base: QuerySet[AdministrativeRegistration],
    *,
    state: str = "",
    study_year_id: int | None = None,
    regime: str = "",
    academic_year: int | None = None,
    search: str = "",
) -> QuerySet[AdministrativeRegistration]:
    """Back-office list with its filters; joins everything a row shows (bounded queries)."""
    qs = base.select_related("student__user", "study_year__programme_version__programme").annotate(
        documents_count=Count("documents", distinct=True)
    )
    if state:
        qs = qs.filter(state=state)
    if study_year_id:
        qs = qs.filter(study_year_id=study_year_id)
    if regime:
        qs = qs.filter(student__regime=regime)
    if academic_year:
        qs = qs.filter(academic_year=academic_year)
    if search:
        for word in search.split():
            qs = qs.filter(
                Q(student__user__last_name__icontains=word)
                | Q(student__user__first_name__icontains=word)
                | Q(student__student_number__icontains=word)
                | Q(student__ine__icontains=word)
                | Q(student__user__email__icontains=word)
            )
    return qs.order_by("student__user__last_name", "student__user__first_name", "id")


def group_member_counts(group_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        GroupMembership.objects.filter(group_id__in=list(group_ids))
        .values("group_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["group_id"]: r["n"] for r in rows}


def pedagogical_offer(registration: AdministrativeRegistration) -> dict[str, Any]:
    """What a validated registration may choose, per semester: options open to the chosen
    parcours, groups with their fill, and the current choices (bounded number of queries)."""
    from courses.models import Module, Parcours, Semester, TeachingGroup

    semesters = list(
        Semester.objects.filter(study_year_id=registration.study_year_id)
        .prefetch_related(
            Prefetch("modules", queryset=Module.objects.prefetch_related("parcours").order_by("position", "code")),
            Prefetch("groups", queryset=TeachingGroup.objects.order_by("kind", "code")),
        )
        .order_by("number")
    )
    parcours = list(Parcours.objects.filter(programme_version_id=registration.study_year.programme_version_id))
    counts = group_member_counts(g.pk for s in semesters for g in s.groups.all())
    current = {p.semester_id: p for p in registration.pedagogical_registrations.all()}
    rows = []
    for semester in semesters:
        ped = current.get(semester.pk)
        chosen_parcours = ped.parcours if ped else None
        modules = list(semester.modules.all())

        def open_to(m: Any, chosen: Any = chosen_parcours) -> bool:
            linked = list(m.parcours.all())
            return not linked or (chosen is not None and chosen in linked)

        rows.append({
            "semester": semester,
            "mandatory": [m for m in modules if not m.is_optional and open_to(m)],
            "options": [m for m in modules if m.is_optional and (chosen_parcours is None or open_to(m))],
            "groups": list(semester.groups.all()),
            "pedagogical": ped,
            "registered_modules": [mr.module for mr in ped.module_registrations.all()] if ped else [],
            "memberships": [gm.group for gm in ped.group_memberships.all()] if ped else [],
        })
    return {"semesters": rows, "parcours": parcours, "counts": counts}


def open_study_years(student: Student) -> list[Any]:
    """Programme years a student may register to: published programmes of their institution,
    for academic years in which they have no live registration."""
    from courses.models import StudyYear

    taken = set(
        AdministrativeRegistration.objects.filter(student=student)
        .exclude(state=RegistrationState.CANCELLED)
        .values_list("academic_year", flat=True)
    )
    qs = (
        StudyYear.objects.filter(
            programme_version__programme__component__institution_id=student.institution_id,
            programme_version__state__in=("published", "frozen"),
        )
        .exclude(programme_version__academic_year__in=taken)
        .select_related("programme_version__programme")
        .order_by("-programme_version__academic_year", "programme_version__programme__code", "level")
    )
    return list(qs)


def accommodations_by_user(user_ids: Iterable[int], *, on: Any) -> dict[int, list[Any]]:
    """Accommodations valid on a day, per user id (one query; for exams: rooms, extra time,
    TOURS-VI-3.2-accommodation-request, UTC-2.05-disability-list)."""
    from enrollment.models import Accommodation

    out: dict[int, list[Any]] = defaultdict(list)
    qs = (
        Accommodation.objects.filter(student__user_id__in=list(user_ids), valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("student")
        .order_by("student_id", "kind", "id")
    )
    for acc in qs:
        out[acc.student.user_id].append(acc)
    return dict(out)


def attendance_exempt_user_ids(user_ids: Iterable[int], *, on: Any) -> set[int]:
    """Users exempted from attendance on a day (convened individually: TOURS-VI-1-individual, STRAS-29)."""
    qs = Student.objects.filter(user_id__in=list(user_ids), attendance_exempt=True).filter(
        Q(attendance_exempt_from__isnull=True) | Q(attendance_exempt_from__lte=on),
        Q(attendance_exempt_until__isnull=True) | Q(attendance_exempt_until__gte=on),
    )
    return set(qs.values_list("user_id", flat=True))


def previous_registration(student: Student, academic_year: int) -> AdministrativeRegistration | None:
    """The validated registration of the year before ``academic_year`` (makes a re-registration)."""
    return (
        AdministrativeRegistration.objects.filter(
            student=student, academic_year=academic_year - 1, state=RegistrationState.VALIDATED
        )
        .select_related("study_year")
        .first()
    )


def previous_decision_code(student: Student, academic_year: int) -> str | None:
    """The jury's progression decision code for the previous year, from the juries app when it
    provides ``juries.selectors.progression_decision_code(*, user, academic_year) -> str | None``;
    None when juries cannot tell yet (then the re-registration is not checked, ENR-D-004)."""
    import importlib

    try:
        module = importlib.import_module("juries.selectors")
    except ModuleNotFoundError:
        return None
    hook = getattr(module, "progression_decision_code", None)
    if hook is None:
        return None
    result = hook(user=student.user, academic_year=academic_year - 1)
    return str(result) if result else ""
