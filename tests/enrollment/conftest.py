from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Role
from tests.factories import ComponentFactory, InstitutionFactory, RoleAssignmentFactory, UserFactory

from .factories import (
    ModuleFactory,
    ParcoursFactory,
    RequiredDocumentTypeFactory,
    SemesterFactory,
    StudentFactory,
    StudyYearFactory,
    TeachingGroupFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "piece.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclass
class World:
    institution: object
    component: object
    study_year: object
    semester: object
    parcours: object
    module_common: object
    module_option: object
    module_other_parcours_option: object
    group_a: object
    group_b: object
    doc_id: object
    doc_bac: object
    secretariat: object
    student: object
    other_student: object


@pytest.fixture
def world(db) -> World:
    institution = InstitutionFactory(code="univ-test", name="Université de test")
    component = ComponentFactory(institution=institution, code="iut-test", name="IUT de test")
    study_year = StudyYearFactory(programme_version__programme__component=component,
                                  programme_version__programme__code="but-info")
    semester = SemesterFactory(study_year=study_year, number=1)
    parcours = ParcoursFactory(programme_version=study_year.programme_version, code="a", title="Parcours A")
    other = ParcoursFactory(programme_version=study_year.programme_version, code="b", title="Parcours B")
    module_common = ModuleFactory(semester=semester, code="R1.01", title="Initiation au développement")
    module_option = ModuleFactory(semester=semester, code="O1.01", title="Option anglais renforcé", is_optional=True)
    module_option.parcours.add(parcours)
    other_option = ModuleFactory(semester=semester, code="O1.02", title="Option B", is_optional=True)
    other_option.parcours.add(other)
    group_a = TeachingGroupFactory(semester=semester, code="TD1", kind="td", capacity=1)
    group_b = TeachingGroupFactory(semester=semester, code="TD2", kind="td", capacity=30)
    doc_id = RequiredDocumentTypeFactory(institution=institution, code="identite", label="Pièce d'identité", position=1)
    doc_bac = RequiredDocumentTypeFactory(institution=institution, programme=study_year.programme_version.programme,
                                          code="bac", label="Relevé de notes du baccalauréat",
                                          first_registration_only=True, position=2)
    secretariat = UserFactory(email="scol@example.fr")
    RoleAssignmentFactory(user=secretariat, role=Role.SECRETARIAT, institution=institution, component=component)
    student = StudentFactory(institution=institution, user__email="alice@example.fr", user__first_name="Alice",
                             user__last_name="Martin")
    other_student = StudentFactory(institution=institution, user__email="bob@example.fr", user__first_name="Bob",
                                   user__last_name="Durand")
    return World(institution, component, study_year, semester, parcours, module_common, module_option, other_option,
                 group_a, group_b, doc_id, doc_bac, secretariat, student, other_student)
