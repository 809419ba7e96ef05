"""Absence files pages: the student's « Mes absences aux examens » with proof upload; the module head's
and department head's files with their decisions (UTC-3.01e-reserve-decision, UTC-3.01e-reserve-lift,
RSY-A2-makeup); the exam office's files of a session with filters, counts and manual recording."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound, PermissionDenied
from core.models.users import TEACHING_ROLES
from core.permissions import has_role
from exams import permissions as perms
from exams import selectors_reserves as sel
from exams.models import Convocation, EventNature, ExamEvent, ReserveFile
from exams.rules import makeups as mk
from exams.rules.reserves import LIFTED, PROOFS_RECEIVED, RESERVE, TRANSITIONS, ZERO_PROVISIONAL
from exams.services.reserves import absence_record, reserve_act, reserve_makeup_schedule
from exams.services.reserves_notify import STATE_LABELS
from exams.services.reserves_proofs import reserve_proof_submit
from exams.views.common import AuthedRequest, page, show_error

LIST_LIMIT = 500
ACTION_LABELS = {
    "propose_reserve": _lazy("Proposer une mise en réserve"),
    "keep_zero": _lazy("Maintenir la note zéro"),
    "lift": _lazy("Lever la réserve avec la note de remplacement"),
    "accept_justification": _lazy("Reconnaître l'absence justifiée (rattrapage)"),
    "refuse_makeup": _lazy("Décider de ne pas organiser de rattrapage"),
    "grade_makeup": _lazy("Saisir la note du rattrapage"),
}
NEEDS_REASON = frozenset({"keep_zero", "refuse_makeup"})
NEEDS_GRADE = frozenset({"lift", "grade_makeup"})
EXPIRED = "expired"  # filter only: a zero_maintenu file whose last step is the nightly expiry


class ProofForm(forms.Form):
    file = forms.FileField(label=_lazy("Justificatif (PDF, JPEG ou PNG, 10 Mo au plus)"))
    note = forms.CharField(label=_lazy("Commentaire"), required=False, max_length=500)


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_lazy("Motif"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    grade = forms.DecimalField(label=_lazy("Note /20"), required=False, min_value=0, max_value=20,
                               decimal_places=2, max_digits=5)


class MakeupForm(forms.Form):
    makeup_event: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_lazy("Épreuve d'une session ultérieure"), required=False, queryset=ExamEvent.objects.none())
    makeup_nature = forms.ChoiceField(label=_lazy("Ou : format de l'épreuve organisée"), required=False,
                                      choices=[("", "—"), *EventNature.choices])
    makeup_duration_minutes = forms.IntegerField(label=_lazy("Durée (min)"), required=False, min_value=1)
    makeup_at = forms.DateTimeField(label=_lazy("Date et heure"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args: Any, reserve: ReserveFile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["makeup_event"].queryset = sel.makeup_event_choices(reserve.convocation.event)  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_lazy("État"), required=False,
                              choices=[("", _lazy("Tous")), *[(k, v) for k, v in STATE_LABELS.items()],
                                       (EXPIRED, _lazy("réserve expirée (zéro automatique)"))])
    procedure = forms.ChoiceField(label=_lazy("Procédure"), required=False,
                                  choices=[("", _lazy("Toutes")), ("reserve", _lazy("Mise en réserve")),
                                           ("makeup", _lazy("Rattrapage")), ("none", _lazy("Aucune (zéro)"))])


class RecordForm(forms.Form):
    convocation: forms.ModelChoiceField = forms.ModelChoiceField(label=_lazy("Candidat absent"),
                                                                 queryset=Convocation.objects.none())

    def __init__(self, *args: Any, session_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["convocation"]
        field.queryset = (Convocation.objects.filter(event__session_id=session_id, reserve__isnull=True)  # type: ignore[attr-defined]
                          .select_related("student__user", "event").order_by("event__start", "student__user__last_name"))
        field.label_from_instance = lambda c: (  # type: ignore[attr-defined]
            f"{c.event.title} ({c.event.start:%d/%m/%Y}) — {c.student.user.get_full_name() or c.student.user.email}")


def _expired(reserve: ReserveFile) -> bool:
    return bool(reserve.history) and reserve.history[-1].get("action") == "expire"


def _rows(files: list[ReserveFile]) -> list[dict[str, Any]]:
    return [{"file": f, "state": STATE_LABELS.get(f.state, f.state), "expired": _expired(f)} for f in files]


def shown_mark(reserve: ReserveFile) -> str:
    """What the student's page shows for the missed exam's mark in each state of the file."""
    if reserve.state == RESERVE:
        return _("Réservée")
    if reserve.state in (LIFTED, mk.MAKEUP_GRADED) and reserve.makeup_grade is not None:
        return str(reserve.makeup_grade)
    if reserve.state == mk.MAKEUP_DUE:
        return _("ABJ — rattrapage à venir")
    if reserve.state == mk.NO_MAKEUP:
        return _("EXC — épreuve neutralisée")
    return reserve.mark_value or "—"


# -- student ---------------------------------------------------------------------------------------
@page
def my_absences(request: AuthedRequest) -> HttpResponse:
    files = list(sel.student_files(request.user)[:LIST_LIMIT])
    return render(request, "exams/reserves/my_absences.html", {"rows": _rows(files)})


@page
def my_absence_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    reserve = perms.get_own_reserve_for(request.user, pk)
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            reserve_proof_submit(actor=request.user, reserve=reserve, upload=form.cleaned_data["file"],
                                 note=form.cleaned_data["note"], at=timezone.now())
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Justificatif envoyé."))
            return redirect("exams:my_absence_detail", reserve.pk)
    return render(request, "exams/reserves/my_absence_detail.html", {
        "reserve": reserve, "state": STATE_LABELS.get(reserve.state, reserve.state), "form": form,
        "proofs": list(reserve.proofs.all()), "shown_mark": shown_mark(reserve),
        "accepts_proofs": reserve.state in (ZERO_PROVISIONAL, PROOFS_RECEIVED),
    })


@page
def proof_download(request: AuthedRequest, pk: int) -> FileResponse:
    proof = perms.get_proof_for(request.user, pk)
    return FileResponse(proof.file.open("rb"), as_attachment=True, content_type=proof.content_type or None,
                        filename=proof.original_name or f"justificatif-{proof.pk}")


# -- module head, department head ------------------------------------------------------------------
@page
def reserve_list(request: AuthedRequest) -> HttpResponse:
    """The files of the modules the user heads, and of the components they are department head of."""
    filters = FilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    state = mk.ZERO_KEPT if state == EXPIRED else state
    files = list(sel.module_head_files(request.user, state=state)[:LIST_LIMIT])
    scope = perms.roles_component_scope(request.user, perms.DEPARTMENT_HEAD_ROLES, include_object_scoped=False)
    if request.user.is_superuser or scope[0] or scope[1]:
        seen = {f.pk for f in files}
        department = sel.department_files(None if request.user.is_superuser else scope[1], scope[0], state=state)
        files += [f for f in department.exclude(procedure="none")[:LIST_LIMIT] if f.pk not in seen]
    elif not files and not sel.headed_module_ids(request.user) and not has_role(request.user, TEACHING_ROLES):
        raise NotFound()  # a teacher heading no module sees an empty list (the menu offers it to teachers)
    return render(request, "exams/reserves/reserve_list.html", {"rows": _rows(files), "filters": filters})


def _actions(user: Any, reserve: ReserveFile) -> list[dict[str, Any]]:
    table = mk.MAKEUP_TRANSITIONS if reserve.procedure == mk.MAKEUP_PROCEDURE else TRANSITIONS
    if reserve.procedure == mk.NO_PROCEDURE:
        return []
    out = []
    for name, transition in table.items():
        if transition.role in ("student", "system") or reserve.state not in transition.sources:
            continue
        if perms.can_act_on_reserve(user, reserve, transition.role):
            out.append({"name": name, "label": ACTION_LABELS[name], "reason": name in NEEDS_REASON,
                        "grade": name in NEEDS_GRADE,
                        "form": ActionForm(initial={"action": name}, auto_id=f"id_{name}_%s")})
    return out


@page
def reserve_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    reserve = perms.get_reserve_for(request.user, pk)
    if reserve.convocation.student.user_id == request.user.pk:
        return redirect("exams:my_absence_detail", reserve.pk)  # the candidate has their own page
    if request.method == "POST":
        return _post(request, reserve)
    can_schedule = (reserve.state in (RESERVE, mk.MAKEUP_DUE)
                    and perms.can_act_on_reserve(request.user, reserve, "module_head"))
    accepts_proofs = (reserve.state in (ZERO_PROVISIONAL, PROOFS_RECEIVED)
                      and perms.can_act_on_reserve(request.user, reserve, "student"))
    return render(request, "exams/reserves/reserve_detail.html", {
        "reserve": reserve, "state": STATE_LABELS.get(reserve.state, reserve.state),
        "proof_form": ProofForm(auto_id="id_proof_%s") if accepts_proofs else None,
        "proofs": list(reserve.proofs.all()), "actions": _actions(request.user, reserve),
        "makeup_form": MakeupForm(reserve=reserve) if can_schedule else None,
        "history": reserve.history,
    })


def _post(request: AuthedRequest, reserve: ReserveFile) -> HttpResponse:
    try:
        if request.POST.get("action") == "proof":  # handed in at the exam office's desk
            proof_form = ProofForm(request.POST, request.FILES)
            if not proof_form.is_valid():
                messages.error(request, _("Joindre un fichier."))
                return redirect("exams:reserve_detail", reserve.pk)
            reserve_proof_submit(actor=request.user, reserve=reserve, upload=proof_form.cleaned_data["file"],
                                 note=proof_form.cleaned_data["note"], at=timezone.now())
            messages.success(request, _("Justificatif enregistré."))
        elif request.POST.get("action") == "schedule_makeup":
            form: forms.Form = MakeupForm(request.POST, reserve=reserve)
            if not form.is_valid():
                messages.error(request, _("Formulaire invalide."))
                return redirect("exams:reserve_detail", reserve.pk)
            data = form.cleaned_data
            reserve_makeup_schedule(actor=request.user, reserve=reserve,
                                    event_id=data["makeup_event"].pk if data["makeup_event"] else None,
                                    nature=data["makeup_nature"], duration_minutes=data["makeup_duration_minutes"],
                                    at=data["makeup_at"])
            messages.success(request, _("Épreuve de remplacement enregistrée."))
        else:
            form = ActionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Formulaire invalide."))
                return redirect("exams:reserve_detail", reserve.pk)
            action = form.cleaned_data["action"]
            if action not in ACTION_LABELS:
                raise NotFound()
            reserve_act(actor=request.user, reserve=reserve, action=action, at=timezone.now(),
                        makeup_grade=form.cleaned_data["grade"], reason=form.cleaned_data["reason"] or "")
            messages.success(request, _("Décision enregistrée."))
    except PermissionDenied:
        raise NotFound() from None
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect("exams:reserve_detail", reserve.pk)


# -- exam office ------------------------------------------------------------------------------------
@page
def session_absences(request: AuthedRequest, pk: int) -> HttpResponse:
    session = perms.get_session_for(request.user, pk)
    filters = FilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {"state": "", "procedure": ""}
    state = mk.ZERO_KEPT if data["state"] == EXPIRED else data["state"]
    files = list(sel.session_files(session.pk, state=state, procedure=data["procedure"])[:LIST_LIMIT])
    if data["state"] == EXPIRED:
        files = [f for f in files if _expired(f)]
    counts = sel.session_counts(session.pk)
    return render(request, "exams/reserves/session_absences.html", {
        "session": session, "rows": _rows(files), "filters": filters,
        "counts": [{"label": STATE_LABELS.get(k, k), "n": n} for k, n in sorted(counts.items())],
        "total": sum(counts.values()), "record_form": RecordForm(session_id=session.pk),
    })


@page
@require_POST
def session_absence_record(request: AuthedRequest, pk: int) -> HttpResponse:
    session = perms.get_session_for(request.user, pk)
    form = RecordForm(request.POST, session_id=session.pk)
    if not form.is_valid():
        messages.error(request, _("Choisir un candidat convoqué à une épreuve de la session."))
        return redirect("exams:session_absences", session.pk)
    try:
        absence_record(actor=request.user, convocation=form.cleaned_data["convocation"], at=timezone.now())
    except PermissionDenied:
        raise NotFound() from None
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Absence enregistrée."))
    return redirect("exams:session_absences", session.pk)
