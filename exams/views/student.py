"""Student pages: "Mes examens" (timetable), convocation per exam, PDF, ICS feed with a secret token."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exams import permissions as perms
from exams import selectors
from exams.ics import ics_calendar
from exams.models import CalendarFeed
from exams.selectors_orals import published_passages
from exams.services.convocations import convocation_context, convocation_document, ics_item
from exams.services.feeds import feed_for, feed_rotate
from exams.views.common import AuthedRequest, page


@page
def my_exams(request: AuthedRequest) -> HttpResponse:
    convocations = list(selectors.student_convocations(request.user)[:300])
    passages = published_passages({c.event_id for c in convocations})
    rows = [{"c": c, "passage": passages.get((c.event_id, c.student_id))} for c in convocations]
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(reverse("exams:feed", args=[feed.token])) if feed else ""
    return render(request, "exams/my_exams.html", {"rows": rows, "feed_url": feed_url})


@require_POST
@page
def my_feed_rotate(request: AuthedRequest) -> HttpResponse:
    if CalendarFeed.objects.filter(user=request.user).exists():
        feed_rotate(actor=request.user, user=request.user)
        messages.success(request, _("Nouvelle adresse d'abonnement créée ; l'ancienne ne fonctionne plus."))
    else:
        feed_for(actor=request.user, user=request.user)
        messages.success(request, _("Adresse d'abonnement créée."))
    return redirect("exams:my_exams")


@page
def convocation_detail(request: AuthedRequest, event_id: int) -> HttpResponse:
    convocation = perms.get_own_convocation_for(request.user, event_id)
    context = convocation_context(convocation)
    return render(request, "exams/convocation_detail.html", {"c": context, "convocation": convocation})


@require_POST
@page
def convocation_pdf(request: AuthedRequest, event_id: int) -> HttpResponse:
    convocation = perms.get_own_convocation_for(request.user, event_id)
    document = convocation_document(actor=request.user, convocation=convocation)
    return redirect("document_download", document.pk)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: no login (calendar apps cannot sign in); the long secret token is the key."""
    row = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        raise Http404
    items = [ics_item(c) for c in selectors.student_convocations(row.user)[:300]]
    body = ics_calendar(items, name=_("Mes examens"), stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="examens.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
