"""Notices pages: staff list (failed first, retry), a person's own notices, a test e-mail."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.models import User
from core.models.notices import NoticeStatus
from core.notices.permissions import can_view_notice_admin, get_managed_notice_for
from core.notices.selectors import (
    notice_counts_by_status,
    notice_description,
    notice_list_for_recipient,
    notice_list_for_staff,
)
from core.notices.services import notice_retry, notice_send_test

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


@login_required
def notice_admin_list(request: HttpRequest) -> HttpResponse:
    if not can_view_notice_admin(_user(request)):
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in NoticeStatus.values else ""
    page = Paginator(notice_list_for_staff(_user(request), status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notices/admin_list.html", {
        "page": page,
        "rows": [(n, notice_description(n)) for n in page.object_list],
        "status": status,
        "statuses": NoticeStatus.choices,
        "counts": notice_counts_by_status(_user(request)),
    })


@login_required
@require_POST
def notice_retry_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    try:
        notice = get_managed_notice_for(_user(request), notice_id)
        notice_retry(actor=_user(request), notice=notice)
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("La notification est remise en file d'envoi."))
    return redirect("notice_admin_list")


@login_required
@require_POST
def notice_test_view(request: HttpRequest) -> HttpResponse:
    if not can_view_notice_admin(_user(request)):
        raise Http404
    try:
        notice_send_test(actor=_user(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Un e-mail de test vous a été envoyé (%(email)s).") % {"email": _user(request).email})
    return redirect("notice_admin_list")


@login_required
def my_notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(notice_list_for_recipient(_user(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notices/mine.html", {
        "page": page,
        "rows": [(n, notice_description(n)) for n in page.object_list],
    })
