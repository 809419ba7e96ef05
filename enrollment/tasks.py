"""Background jobs of enrollment (thin: they take ids, re-check, call one service; STYLE 8)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="enrollment.tasks.accommodations_apply_task")
def accommodations_apply_task(student_id: int) -> int:
    """After an accommodation is granted or ends: update the student's not-yet-held convocations
    (exams.services.accommodations, UTC-2.05-accommodations). Returns the convocations changed."""
    from enrollment.models import Student
    from exams.services.accommodations import accommodations_apply

    student = Student.objects.select_related("user").filter(pk=student_id).first()
    if student is None:
        return 0
    return len(accommodations_apply(actor=None, student=student).changed)
