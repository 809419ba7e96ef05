"""The exam office's copy archive (UTC-5.03a-retention, STRAS-113): lots of copies per room, their
earliest destruction or transfer date with its rule, litigation holds, bulk transfer/destruction,
printable list (PDF) and spreadsheet export. Works without JavaScript."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError, NotFound, PermissionDenied
from core.models import Component
from exams import permissions as perms
from exams.models import ExamSession
from exams.selectors_archive import STATUSES, LotRow, copy_lot_rows, filter_rows, status_counts
from exams.services.archive import (
    copy_destruction_list_issue,
    copy_lot_hold,
    copy_lot_update,
    copy_lots_destroy,
    copy_lots_ensure,
    copy_lots_transfer,
)
from exams.views.common import AuthedRequest, page, show_error

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArchiveFilterForm(forms.Form):
    component = forms.ModelChoiceField(label=gettext_lazy("Composante"), queryset=Component.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Année universitaire (début)"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=gettext_lazy("État"), required=False,
                               choices=[("", gettext_lazy("Tous")), *STATUSES])
    until = forms.DateField(label=gettext_lazy("Destructibles ou à verser au plus tard le"), required=False,
                            widget=_DATE)

    def __init__(self, *args: Any, components: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = components  # type: ignore[attr-defined]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=[
        ("destroy", gettext_lazy("Consigner la destruction")), ("transfer", gettext_lazy("Consigner le versement")),
        ("print", gettext_lazy("Imprimer la liste (PDF)"))])
    lots = forms.TypedMultipleChoiceField(label=gettext_lazy("Lots"), coerce=int, widget=forms.MultipleHiddenInput,
                                          choices=(), required=False)
    on = forms.DateField(label=gettext_lazy("Date"), widget=_DATE)
    method = forms.CharField(label=gettext_lazy("Mode de destruction"), required=False, max_length=120)
    pv_reference = forms.CharField(label=gettext_lazy("Référence du PV de destruction"), required=False, max_length=80)
    handed_to = forms.CharField(label=gettext_lazy("Service destinataire (versement)"), required=False,
                                max_length=200)

    def __init__(self, *args: Any, lot_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lots"].choices = [(i, str(i)) for i in lot_ids or []]  # type: ignore[attr-defined]


class LotForm(forms.Form):
    storage_place = forms.CharField(label=gettext_lazy("Lieu de stockage"), required=False, max_length=200)
    archive_box = forms.CharField(label=gettext_lazy("Boîte d'archives"), required=False, max_length=60)
    handed_to = forms.CharField(label=gettext_lazy("Confié à"), required=False, max_length=200)


class HoldForm(forms.Form):
    hold_reason = forms.CharField(label=gettext_lazy("Contentieux en cours (recours, procédure disciplinaire…)"),
                                  max_length=300)
    ruling_on = forms.DateField(label=gettext_lazy("Décision définitive du (laisser vide tant qu'elle n'est pas rendue)"),
                                required=False, widget=_DATE)


def _components(request: AuthedRequest) -> Any:
    scope = perms.office_scope(request.user)
    components = Component.objects.select_related("institution").order_by("institution_id", "name")
    if scope is not None:
        components = components.filter(Q(institution_id__in=scope[0]) | Q(pk__in=scope[1]))
    return components


def _selection(request: AuthedRequest) -> tuple[ArchiveFilterForm, Component, int, str, date | None]:
    components = _components(request)
    first = components.first()
    if first is None:
        raise NotFound()
    data = request.GET.copy()
    component_id = request.GET.get("component") or str(first.pk)
    data["component"] = component_id
    if not data.get("year"):
        last = (ExamSession.objects.filter(component_id=int(component_id) if component_id.isdigit() else 0)
                .aggregate(y=Max("academic_year"))["y"])
        data["year"] = str(last or timezone.localdate().year)
    form = ArchiveFilterForm(data, components=components)
    if not form.is_valid():
        if "component" in form.errors:
            raise NotFound()
        year = str(data.get("year", ""))
        chosen = form.cleaned_data.get("component") or first
        if not perms.can_manage_copy_archive(request.user, chosen):
            raise NotFound()
        return form, chosen, int(year) if year.isdigit() else timezone.localdate().year, "", None
    component = form.cleaned_data["component"]
    if not perms.can_manage_copy_archive(request.user, component):
        raise NotFound()
    return form, component, form.cleaned_data["year"], form.cleaned_data["status"], form.cleaned_data["until"]


@page
def archive_list(request: AuthedRequest) -> HttpResponse:
    form, component, year, status, until = _selection(request)
    today = timezone.localdate()
    copy_lots_ensure(component=component, academic_year=year)
    try:
        all_rows = copy_lot_rows(component=component, academic_year=year, on=today)
    except ApplicationError as exc:  # e.g. no regulation profile for that year: say so, list nothing
        show_error(request, exc)
        all_rows = []
    rows = filter_rows(all_rows, status=status, until=until)
    bulk = BulkForm(request.POST or None, lot_ids=[r.lot.pk for r in all_rows], initial={"on": today})
    if request.method == "POST" and bulk.is_valid():
        data = bulk.cleaned_data
        selected = [r for r in all_rows if r.lot.pk in set(data["lots"])]
        try:
            if data["action"] == "print":
                document = copy_destruction_list_issue(actor=request.user, component=component, academic_year=year,
                                                       rows=selected or rows, on=data["on"])
                messages.success(request, _("Liste demandée : %(r)s.") % {"r": document.reference})
                return redirect("document_detail", document.pk)
            if data["action"] == "destroy":
                done = copy_lots_destroy(actor=request.user, component=component, academic_year=year,
                                         lot_ids=data["lots"], on=data["on"], method=data["method"],
                                         pv_reference=data["pv_reference"])
                messages.success(request, _("Destruction consignée pour %(n)s lot(s).") % {"n": len(done)})
            else:
                done = copy_lots_transfer(actor=request.user, component=component, academic_year=year,
                                          lot_ids=data["lots"], on=data["on"], handed_to=data["handed_to"])
                messages.success(request, _("Versement consigné pour %(n)s lot(s).") % {"n": len(done)})
            return redirect(f"{reverse('exams:archive_list')}?{request.GET.urlencode()}")
        except PermissionDenied as exc:
            raise NotFound() from exc
        except ApplicationError as exc:
            show_error(request, exc, bulk)
            for line in exc.fields.get("lots", []):
                messages.error(request, line)
    elif request.method == "POST":
        messages.error(request, _("Sélectionner au moins un lot et une date."))
    return render(request, "exams/archive/list.html", {
        "filter": form, "component": component, "year": year, "rows": rows, "counts": status_counts(all_rows),
        "total_lots": len(all_rows), "total_copies": sum(r.lot.copies for r in all_rows), "bulk": bulk,
        "query": request.GET.urlencode(), "today": today,
        "selected": {int(i) for i in request.POST.getlist("lots") if i.isdigit()},
    })


XLSX_HEADERS = ("Épreuve", "Date", "Session", "Salle", "Copies", "Boîte", "Lieu", "Confié à", "Publication des résultats",
                "État", "À partir du", "Règle", "Contentieux", "Détruit le", "PV de destruction")


def _xlsx_line(row: LotRow) -> list[Any]:
    lot, event = row.lot, row.event
    return [f"{event.module.code} {event.module.title}", event.start.date(), event.session_number,
            lot.report.event_room.room.code, lot.copies, lot.archive_box, lot.storage_place, lot.handed_to,
            row.published_on, row.status_label, row.action_from, row.decision.rule_id if row.decision else "",
            "; ".join(row.reasons), lot.destroyed_on, lot.pv_reference]


@page
def archive_export(request: AuthedRequest) -> HttpResponse:
    """The filtered list as a spreadsheet (openpyxl)."""
    from openpyxl import Workbook

    _form, component, year, status, until = _selection(request)
    try:
        rows = filter_rows(copy_lot_rows(component=component, academic_year=year, on=timezone.localdate()),
                           status=status, until=until)
    except ApplicationError:
        rows = []
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Copies")
    sheet.append([_(h) for h in XLSX_HEADERS])
    for row in rows:
        sheet.append(_xlsx_line(row))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="copies-{component.pk}-{year}.xlsx"'
    return response


@page
def lot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lot = perms.get_copy_lot_for(request.user, pk)
    session = lot.report.event_room.event.session
    row = copy_lot_rows(component=session.component, academic_year=session.academic_year,
                        on=timezone.localdate(), lots=[lot])[0]
    action = request.POST.get("action")
    custody = LotForm(request.POST if action == "custody" else None,
                      initial={f: getattr(lot, f) for f in ("storage_place", "archive_box", "handed_to")})
    hold = HoldForm(request.POST if action == "hold" else None,
                    initial={"hold_reason": lot.hold_reason, "ruling_on": lot.ruling_on})
    try:
        if action == "custody" and custody.is_valid():
            copy_lot_update(actor=request.user, lot=lot, **custody.cleaned_data)
            messages.success(request, _("Lot mis à jour."))
            return redirect("exams:copy_lot_detail", lot.pk)
        if action == "hold" and hold.is_valid():
            copy_lot_hold(actor=request.user, lot=lot, reason=hold.cleaned_data["hold_reason"],
                          ruling_on=hold.cleaned_data["ruling_on"])
            messages.success(request, _("Contentieux enregistré."))
            return redirect("exams:copy_lot_detail", lot.pk)
    except PermissionDenied as exc:
        raise NotFound() from exc
    except ApplicationError as exc:
        show_error(request, exc, custody if action == "custody" else hold)
    back = f"{reverse('exams:archive_list')}?component={session.component_id}&year={session.academic_year}"
    return render(request, "exams/archive/lot_detail.html",
                  {"row": row, "lot": lot, "custody": custody, "hold": hold, "back": back})
