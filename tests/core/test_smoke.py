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


@pytest.mark.django_db
def test_roles_component_scope_covers_sub_components_and_can_leave_out_object_scoped_roles():
    from django.contrib.contenttypes.models import ContentType

    from core.permissions import roles_component_scope

    parent = ComponentFactory()
    child = ComponentFactory(institution=parent.institution, parent=parent)
    other = ComponentFactory(institution=parent.institution)
    ra = RoleAssignmentFactory(institution=parent.institution, component=parent, role=Role.SECRETARIAT)
    RoleAssignmentFactory(user=ra.user, institution=parent.institution, component=other, role=Role.SECRETARIAT,
                          scope_type=ContentType.objects.get_for_model(other), scope_id=other.pk)
    assert roles_component_scope(ra.user, {Role.SECRETARIAT}) == (set(), {parent.pk, child.pk, other.pk})
    assert roles_component_scope(ra.user, {Role.SECRETARIAT}, include_object_scoped=False) == (
        set(), {parent.pk, child.pk})
    assert roles_component_scope(ra.user, {Role.EXAM_OFFICE}) == (set(), set())
