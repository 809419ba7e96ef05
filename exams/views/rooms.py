"""Rooms of the institutions the exam office works for."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import ApplicationError, NotFound
from core.models import Institution
from exams import permissions as perms
from exams import selectors
from exams.forms import RoomForm
from exams.services import room_create
from exams.views.common import AuthedRequest, page, show_error


@page
def room_list(request: AuthedRequest) -> HttpResponse:
    ids = perms.office_institution_ids(request.user)
    institutions = list(Institution.objects.all() if ids is None else Institution.objects.filter(pk__in=ids))
    if not institutions:
        raise NotFound()
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room_create(actor=request.user, institution=institutions[0], **form.cleaned_data)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Salle ajoutée."))
            return redirect("exams:room_list")
    rooms = selectors.rooms_for([i.pk for i in institutions])[:500]
    return render(request, "exams/room_list.html", {"rooms": rooms, "form": form, "institution": institutions[0]})
