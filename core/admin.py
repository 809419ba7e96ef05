"""Django admin for every core model: a technical console, not the back-office.

Reference data (institutions, sites, components, closures, users, role assignments) can be
edited here. Anything a regulation or an audit depends on is read-only, because writes that
matter go through services that validate, keep history and write audit rows: regulation
profiles and their revisions and assignments (edited on the back-office profile page, linked
from here), deadlines, notices, documents, and the append-only audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.models import (
    AuditEvent,
    ClosureDay,
    Component,
    ComponentProfile,
    Deadline,
    Document,
    Institution,
    Notice,
    ProfileRevision,
    RegulationProfile,
    RoleAssignment,
    Site,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable in the admin; never added, changed or deleted from it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "institution", "component", "valid_from", "valid_until")
    list_filter = ("role", "institution")
    search_fields = ("user__email", "user__last_name")
    raw_id_fields = ("user", "component")
    list_select_related = ("user", "institution", "component")


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "short_name")
    search_fields = ("name", "code")
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "institution", "city", "holiday_subdivision", "is_main")
    list_filter = ("holiday_subdivision", "institution")
    list_select_related = ("institution",)


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "institution", "parent", "site")
    list_filter = ("kind", "institution")
    search_fields = ("name", "code")
    list_select_related = ("institution", "parent", "site")


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("label", "start", "end", "institution", "site", "component")
    list_filter = ("institution",)
    list_select_related = ("institution", "site", "component")


@admin.register(RegulationProfile)
class RegulationProfileAdmin(ReadOnlyAdmin):
    list_display = ("name", "institution", "academic_year", "preset", "revision", "back_office")
    list_filter = ("academic_year", "preset", "institution")
    list_select_related = ("institution",)
    readonly_fields = ("back_office",)

    @admin.display(description=_("Back-office"))
    def back_office(self, obj: RegulationProfile) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("profile_detail", args=[obj.pk]), _("Voir / modifier (avec historique)")
        )


@admin.register(ProfileRevision)
class ProfileRevisionAdmin(ReadOnlyAdmin):
    list_display = ("profile", "revision", "actor", "at", "reason")
    list_select_related = ("profile", "actor")


@admin.register(ComponentProfile)
class ComponentProfileAdmin(ReadOnlyAdmin):
    list_display = ("component", "academic_year", "profile")
    list_filter = ("academic_year",)
    list_select_related = ("component", "profile")


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "rule_id", "institution", "due_at", "state")
    list_filter = ("state", "kind", "institution")
    search_fields = ("title", "key", "rule_id")
    list_select_related = ("institution",)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("kind", "recipient_email", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("recipient_email", "key")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "kind", "title", "status", "version", "issued_at")
    list_filter = ("status", "kind")
    search_fields = ("reference", "title")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "actor", "object_repr", "rule_id")
    list_filter = ("action",)
    search_fields = ("action", "object_repr", "reason", "rule_id")
    list_select_related = ("actor",)
