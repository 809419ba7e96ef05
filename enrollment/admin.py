"""Django admin (technical console): configuration is editable, regulated records are read-only
(their writes go through enrollment.services, which audit and check the workflow)."""

from django.contrib import admin

from enrollment.models import (
    Accommodation,
    AdministrativeRegistration,
    RegistrationDocument,
    RegistrationTransition,
    RequiredDocumentType,
    Student,
)


@admin.register(RequiredDocumentType)
class RequiredDocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "institution", "programme", "mandatory", "first_registration_only", "max_size_kb")
    list_filter = ("institution", "mandatory")
    search_fields = ("label", "code")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Student)
class StudentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "institution", "ine", "regime", "attendance_exempt")
    list_filter = ("institution", "regime", "attendance_exempt")
    search_fields = ("student_number", "ine", "user__last_name", "user__email")
    list_select_related = ("user", "institution")


@admin.register(AdministrativeRegistration)
class AdministrativeRegistrationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "academic_year", "state", "remote_validation_pending_originals")
    list_filter = ("academic_year", "state")
    list_select_related = ("student__user", "study_year")


admin.site.register(Accommodation, ReadOnlyAdmin)
admin.site.register(RegistrationDocument, ReadOnlyAdmin)
admin.site.register(RegistrationTransition, ReadOnlyAdmin)
