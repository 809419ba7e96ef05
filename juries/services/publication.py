"""Publishing an evaluation's marks to its students, and the deadline to do so.

The deadline (grades.provisional_release_max_delay: 4 weeks at IUT ARL, ARL-ES18.1-provisional-
results; 3 weeks at UTC, UTC-5.02-grades) is a core.deadlines row assigned to the module head,
computed by the calendar service from the evaluation date. Where the profile says marks are not
released before the jury (``release_before_jury: false``, STRAS-87), a publication must be
explicitly provisional.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import deadline_instant
from core.deadlines.services import deadline_meet, deadline_open
from core.errors import ApplicationError, PermissionDenied
from core.models import Role, User
from core.notices.services import notice_enqueue
from juries import permissions as perms
from juries.models import Evaluation, Mark, Publication
from juries.services.common import component_of, param, site_url

RELEASE_PARAM = "grades.provisional_release_max_delay"
#: The catalogue rule behind the delay, by the anchor the profile value names.
RELEASE_RULE_BY_ANCHOR = {
    "exam_date": "ARL-ES18.1-provisional-results",
    "evaluation_date": "UTC-5.02-grades",
    "cc_test_date": "TOURS-VI-4.5-cc-grades",
}
DEFAULT_RELEASE_RULE = "ARL-ES18.1-provisional-results"


def deadline_key(evaluation: Evaluation) -> str:
    return f"juries.provisional_release:{evaluation.pk}"


def release_delay(evaluation: Evaluation) -> dict[str, Any] | None:
    value = param(evaluation, RELEASE_PARAM)
    return value if isinstance(value, dict) else None


def evaluation_deadline_open(*, evaluation: Evaluation, actor: User | None = None) -> Any:
    """Open (or move) the publication deadline of an evaluation; None when the profile sets none."""
    delay = release_delay(evaluation)
    if not delay or delay.get("value") is None or not delay.get("day_kind"):
        return None
    component = component_of(evaluation)
    due = deadline_instant(component, evaluation.date, delay)
    return deadline_open(
        key=deadline_key(evaluation), kind="juries.provisional_release",
        rule_id=RELEASE_RULE_BY_ANCHOR.get(str(delay.get("anchor")), DEFAULT_RELEASE_RULE),
        title=_("Publier les notes provisoires : %(label)s") % {"label": evaluation.label},
        institution=component.institution, component=component, subject=evaluation, due_at=due,
        assignee_role=Role.MODULE_HEAD, actor=actor,
    )


def evaluation_publish(*, actor: User | None, evaluation: Evaluation, provisional: bool = True) -> Publication:
    """Publish the retained marks to the students (each sees only their own, with anonymous
    statistics: ARL-ES18.2-statistics), meet the deadline, and e-mail each student once."""
    if actor is not None and not perms.can_manage_evaluations(actor, evaluation):
        raise PermissionDenied(_("Seule l'équipe du module peut publier les notes."), code="juries.not_in_team")
    delay = release_delay(evaluation) or {}
    if not provisional and delay.get("release_before_jury") is False:
        raise ApplicationError(
            "juries.release_before_jury",
            _("Aucune note n'est communiquée avant le jury sauf à titre provisoire : publier comme provisoire."),
            fields={"provisional": _("La publication doit être marquée « provisoire ».")}, rule_id="STRAS-87",
        )
    marks = list(Mark.objects.filter(evaluation=evaluation).exclude(value__isnull=True, special="")
                 .select_related("student"))
    if not marks:
        raise ApplicationError("juries.nothing_to_publish", _("Aucune note retenue à publier."),
                               rule_id="ARL-ES18.1-provisional-results")
    module = evaluation.component.module
    with transaction.atomic():
        now = timezone.now()
        publication = Publication.objects.create(evaluation=evaluation, provisional=provisional, published_at=now,
                                                 actor=actor if actor is not None and actor.is_authenticated
                                                 else None)
        audit_record(actor=actor, action="juries.marks_published", obj=publication,
                     after={"evaluation": evaluation.pk, "provisional": provisional, "marks": len(marks)},
                     rule_id="ARL-ES18.1-provisional-results")
        deadline_meet(key=deadline_key(evaluation), at=now, actor=actor)
        url = site_url("juries:my_mark", evaluation.pk)
        for mark in marks:
            notice_enqueue(
                key=f"juries.provisional_marks:{publication.pk}:{mark.student_id}",
                kind="juries.provisional_marks", recipient=mark.student, subject=publication,
                context={"student_name": mark.student.get_full_name() or mark.student.email,
                         "module": f"{module.code} {module.title}", "evaluation": evaluation.label,
                         "provisional": provisional, "url": url},
            )
    return publication
