"""Deadline dashboard and detail (with the waive form). Thin: permissions, selectors, one service."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.deadlines.filters import DeadlineFilter
from core.deadlines.permissions import can_waive_deadline, get_deadline_for, may_waive_in, waiver_scope
from core.deadlines.selectors import deadline_base_queryset, deadline_groups, deadline_history
from core.deadlines.services import deadline_waive
from core.errors import ApplicationError, NotFound
from core.models import Deadline, Role, User
from core.models.deadlines import OPEN_DEADLINE_STATES


def rule_link(rule_id: str) -> str:
    """The rule's wording page, or '' while that page is not installed."""
    try:
        return reverse("rule_detail", args=[rule_id])
    except NoReverseMatch:
        return ""


def assignee_label(deadline: Deadline) -> str:
    if deadline.assignee_user is not None:
        return deadline.assignee_user.get_full_name() or deadline.assignee_user.email
    return str(Role(deadline.assignee_role).label) if deadline.assignee_role in Role.values else deadline.assignee_role


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif de la levée"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Obligatoire : il est conservé dans l'historique de l'échéance."),
    )


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


@login_required
def deadline_dashboard(request: HttpRequest) -> HttpResponse:
    qs = deadline_base_queryset(_user(request))
    filterset = DeadlineFilter(request.GET or None, queryset=qs, request=request)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
    groups = deadline_groups(filtered, now=timezone.now())
    links: dict[str, str] = {}
    scope = waiver_scope(_user(request))
    for group in groups:
        for d in group.rows:
            d.may_waive = d.state in OPEN_DEADLINE_STATES and may_waive_in(scope, d)  # type: ignore[attr-defined]
            d.rule_url = links.setdefault(d.rule_id, rule_link(d.rule_id))  # type: ignore[attr-defined]
            d.assignee_label = assignee_label(d)  # type: ignore[attr-defined]
    return render(request, "core/deadlines/dashboard.html", {"filterset": filterset, "groups": groups})


@login_required
def deadline_detail(request: HttpRequest, deadline_id: int) -> HttpResponse:
    try:
        deadline = get_deadline_for(_user(request), deadline_id)
    except NotFound:
        raise Http404 from None
    may_waive = can_waive_deadline(_user(request), deadline) and deadline.state in ("pending", "late")
    form = WaiveForm(request.POST or None) if may_waive else None
    if request.method == "POST":
        if form is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                deadline_waive(actor=_user(request), deadline=deadline, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                form.add_error("reason" if "reason" in exc.fields else None, exc.message)
            else:
                messages.success(request, _("L'échéance est levée."))
                return redirect("deadline_detail", deadline_id=deadline.pk)
    return render(request, "core/deadlines/detail.html", {
        "deadline": deadline,
        "form": form,
        "rule_url": rule_link(deadline.rule_id),
        "assignee": assignee_label(deadline),
        "history": list(deadline_history(deadline)[:50]),
    }, status=400 if form is not None and form.errors else 200)
