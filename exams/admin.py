"""Back-office views of the exam office (read-mostly: writes go through exams.services)."""

from django.contrib import admin

from exams.models import Convocation, EventRoom, ExamEvent, ExamReport, ExamSession, ReserveFile, Room


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "institution", "capacity", "accessible", "adapted")
    list_filter = ("institution", "adapted", "accessible")
    search_fields = ("code", "name")


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "component", "academic_year", "kind", "state", "published_at")
    list_filter = ("state", "kind", "academic_year")
    readonly_fields = ("state", "published_at", "published_by", "timetable_check", "convocation_check")


@admin.register(ExamEvent)
class ExamEventAdmin(admin.ModelAdmin):
    list_display = ("title", "session", "start", "duration_minutes", "nature", "change_count")
    list_select_related = ("session",)
    readonly_fields = ("change_count", "seats_allocated_at")


@admin.register(Convocation)
class ConvocationAdmin(admin.ModelAdmin):
    list_display = ("event", "student", "room", "seat_number", "end", "individual_required")
    list_select_related = ("event", "student__user", "room")
    raw_id_fields = ("event", "student")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(EventRoom)
admin.site.register(ExamReport)
admin.site.register(ReserveFile)
