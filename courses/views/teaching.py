"""What teachers and students see: "Mes modules" (M3C + provisional assessment calendar) and the
module page (components, weights, second-session rule, planned dates: ARL-ES17.2-types-coefficients,
ARL-ES17.3-exam-calendar)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from courses import permissions as perms
from courses.selectors import module_detail as module_detail_query
from courses.selectors import module_team, modules_of_teacher
from courses.views.common import AuthedRequest, page


@page
def my_modules(request: AuthedRequest) -> HttpResponse:
    modules = list(modules_of_teacher(request.user))
    calendar = sorted(
        ((c.planned_date or c.window_start, m, c) for m in modules for c in m.components.all()
         if (c.planned_date or c.window_start)),
        key=lambda row: (row[0], row[1].code, row[2].code),
    )
    return render(request, "courses/my_modules.html", {"modules": modules, "calendar": calendar})


@page
def module_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    module = perms.get_module_for(request.user, pk)
    module = module_detail_query(module.pk)
    version = module.semester.study_year.programme_version
    can_manage = perms.can_manage_programme(request.user, version.programme)
    staff_view = can_manage or perms.is_in_module_team(request.user, module)
    return render(request, "courses/module_detail.html", {
        "module": module, "version": version, "programme": version.programme,
        "team": module_team(module), "can_manage": can_manage, "staff_view": staff_view,
        "amendments": module.amendments.order_by("published_at"),
        "threshold": module.validation_threshold or version.validation_threshold,
    })
