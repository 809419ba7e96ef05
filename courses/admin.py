"""Read-only technical console for courses: writes go through the services and the web pages
(an admin edit would bypass the M3C freeze and the audit trail)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from courses import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "diploma_type", "component")
    list_filter = ("diploma_type",)
    search_fields = ("code", "title", "mention")


@admin.register(models.ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyAdmin):
    list_display = ("programme", "academic_year", "state", "revision", "published_at")
    list_filter = ("state", "academic_year")
    list_select_related = ("programme",)


@admin.register(models.Module)
class ModuleAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "kind", "semester")
    search_fields = ("code", "title")
    list_select_related = ("semester",)


@admin.register(models.M3CSnapshot)
class M3CSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("programme_version", "revision", "kind", "created_at")
    list_select_related = ("programme_version__programme",)


@admin.register(models.M3CAmendment)
class M3CAmendmentAdmin(ReadOnlyAdmin):
    list_display = ("module", "council", "council_date", "first_affected_exam", "published_at")


@admin.register(models.AcademicCalendar)
class AcademicCalendarAdmin(ReadOnlyAdmin):
    list_display = ("component", "academic_year", "fixed_at")
