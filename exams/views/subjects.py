"""Exam subject pages: versions of an event's subject, upload with its mentions, permission-checked
download, review by the exam office (UTC-2.03-subject-content, TOURS-VI-2-subject-delivery, STRAS-25)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, PermissionDenied
from exams import permissions as perms
from exams.models import ExamSubject
from exams.services.subjects import (
    ADAPTED_SUBJECT_KINDS,
    adapted_subjects_check,
    normalise_adapted_for,
    subject_review,
    subject_submit,
)
from exams.views.common import AuthedRequest, page, show_error


class SubjectForm(forms.ModelForm):
    file = forms.FileField(label=_lazy("Sujet (PDF)"), required=False)
    adapted_for = forms.ChoiceField(
        label=_lazy("Adaptée pour"), required=False,
        choices=[("", "—"), ("large_print", _lazy("Sujets en gros caractères")), ("secretary", _lazy("Secrétaire"))],
        help_text=_lazy("Obligatoire pour une version adaptée : l'aménagement qu'elle sert."))

    class Meta:
        model = ExamSubject
        fields = ["module_title", "academic_year", "semester", "diploma", "year_in_diploma", "session", "exam_date",
                  "duration_minutes", "page_count", "allowed_documents", "allowed_materials", "nothing_allowed",
                  "marking_scale", "indicative_timing", "is_adapted", "adapted_for"]
        widgets = {"exam_date": forms.DateInput(attrs={"type": "date"}),
                   "allowed_documents": forms.Textarea(attrs={"rows": 2}),
                   "allowed_materials": forms.Textarea(attrs={"rows": 2}),
                   "marking_scale": forms.Textarea(attrs={"rows": 2}),
                   "indicative_timing": forms.Textarea(attrs={"rows": 2})}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_lazy("Décision"), choices=[("accept", _lazy("Accepter")),
                                                                   ("reject", _lazy("Refuser"))])
    reason = forms.CharField(label=_lazy("Motif (obligatoire pour un refus)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


@page
def event_subjects(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_subject_event_for(request.user, pk)
    initial = {"module_title": event.module.title,
               "session": event.session_number, "exam_date": event.start.date(),
               "duration_minutes": event.duration_minutes, "academic_year": event.session.academic_year,
               "allowed_documents": event.allowed_documents, "allowed_materials": event.allowed_materials}
    form = SubjectForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            subject_submit(actor=request.user, event=event, file=form.cleaned_data.get("file"), metadata=data)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Sujet déposé."))
            return redirect("exams:event_subjects", event.pk)
    subjects = list(event.subjects.select_related("submitted_by", "reviewed_by"))
    adapted = adapted_subjects_check([event])[0]
    return render(request, "exams/subjects/event_subjects.html", {
        "event": event, "form": form, "can_review": perms.can_review_subject(request.user, event),
        "rows": [(s, ReviewForm(auto_id=f"id_subject{s.pk}_%s"), _adapted_label(s.adapted_for)) for s in subjects],
        "adapted": adapted,
        "adapted_needs": [(n, [ADAPTED_SUBJECT_KINDS[k] for k in n.kinds]) for n in adapted.needs],
    })


def _adapted_label(value: str) -> str:
    return ADAPTED_SUBJECT_KINDS.get(normalise_adapted_for(value), value) if value else ""


@page
def subject_download(request: AuthedRequest, pk: int) -> FileResponse:
    subject = perms.get_subject_for(request.user, pk)
    return FileResponse(subject.file.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"sujet-{subject.event_id}-v{subject.version}.pdf")


@page
@require_POST
def subject_review_view(request: AuthedRequest, pk: int) -> HttpResponse:
    subject = perms.get_subject_for(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            subject_review(actor=request.user, subject=subject, accept=form.cleaned_data["decision"] == "accept",
                           reason=form.cleaned_data["reason"])
        except PermissionDenied:
            from core.errors import NotFound

            raise NotFound() from None
        except ApplicationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Décision enregistrée."))
            for message in adapted_subjects_check([subject.event])[0].messages:
                messages.warning(request, message)
    return redirect("exams:event_subjects", subject.event_id)
