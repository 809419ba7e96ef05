import pytest

from core.models import Role
from core.permissions import has_role
from tests.factories import ComponentFactory, RoleAssignmentFactory


@pytest.mark.django_db
def test_component_role_covers_component_and_children_only():
    parent = ComponentFactory()
    child = ComponentFactory(institution=parent.institution, parent=parent)
    other = ComponentFactory(institution=parent.institution)
    ra = RoleAssignmentFactory(institution=parent.institution, component=parent, role=Role.SECRETARIAT)
    assert has_role(ra.user, {Role.SECRETARIAT}, component=child)
    assert not has_role(ra.user, {Role.SECRETARIAT}, component=other)
    assert not has_role(ra.user, {Role.EXAM_OFFICE}, component=child)
