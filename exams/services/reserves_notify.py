"""Notices of the absence files: to the student when the file opens (mark, proof deadline) and at each
decision; to the module heads when proofs arrive (UTC-3.01e-reserve-request: proofs go to the module
head). Keys are unique per file and step, so a re-run never sends twice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy

from core.models import Role, RoleAssignment, User
from exams.models import ReserveFile
from exams.rules import makeups as mk
from exams.rules.reserves import LIFTED, PROOFS_RECEIVED, RESERVE, ZERO_KEPT, ZERO_PROVISIONAL
from exams.services.common import fmt_date, fmt_time

if TYPE_CHECKING:
    from exams.rules.makeups import MissedMark

STATE_LABELS = {
    ZERO_PROVISIONAL: _lazy("zéro provisoire (justificatifs possibles)"),
    PROOFS_RECEIVED: _lazy("justificatifs reçus, décision attendue"),
    RESERVE: _lazy("réserve"),
    ZERO_KEPT: _lazy("zéro maintenu"),
    LIFTED: _lazy("réserve levée"),
    mk.MAKEUP_DUE: _lazy("rattrapage prévu"),
    mk.NO_MAKEUP: _lazy("sans rattrapage (décision motivée)"),
    mk.MAKEUP_GRADED: _lazy("rattrapage noté"),
}

PROCEDURE_MESSAGES = {
    mk.RESERVE_PROCEDURE: _lazy("Si votre absence est justifiée, déposez vos justificatifs avant la date limite : "
                                "le responsable du module pourra proposer une mise en réserve."),
    mk.MAKEUP_PROCEDURE: _lazy("Si votre absence est justifiée, déposez vos justificatifs avant la date limite : "
                               "une absence justifiée donne droit à un rattrapage."),
    mk.NO_PROCEDURE: _lazy("Le règlement ne prévoit pas de procédure de rattrapage pour cette épreuve."),
}

#: (procedure, transition) → (rule applied, message to the student).
NOTIFIED = {
    (mk.RESERVE_PROCEDURE, "propose_reserve"): (
        "UTC-3.01e-reserve-decision", _lazy("Mise en réserve : le résultat du module est réservé jusqu'à une "
                                            "épreuve de remplacement équivalente.")),
    (mk.RESERVE_PROCEDURE, "keep_zero"): ("UTC-3.01e-reserve-decision", _lazy("La note zéro est maintenue.")),
    (mk.RESERVE_PROCEDURE, "lift"): ("UTC-3.01e-reserve-lift",
                                     _lazy("La note de l'épreuve de remplacement remplace le zéro.")),
    (mk.RESERVE_PROCEDURE, "expire"): ("UTC-3.01e-reserve-deadline",
                                       _lazy("La réserve n'a pas été levée dans le délai : elle est transformée "
                                             "en zéro.")),
    (mk.MAKEUP_PROCEDURE, "accept_justification"): ("RSY-A2-makeup", _lazy("Absence justifiée : un rattrapage "
                                                                           "sera organisé.")),
    (mk.MAKEUP_PROCEDURE, "keep_zero"): ("RSY-A3-abi-zero", _lazy("Absence non justifiée : la note zéro (ABI) "
                                                                  "est maintenue.")),
    (mk.MAKEUP_PROCEDURE, "refuse_makeup"): ("RSY-A2-makeup", _lazy("Pas de rattrapage, sur décision motivée du "
                                                                    "responsable de département.")),
    (mk.MAKEUP_PROCEDURE, "grade_makeup"): ("RSY-A2-makeup", _lazy("La note du rattrapage remplace l'absence.")),
}


def _url() -> str:
    return settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:my_absences")


def _base(reserve: ReserveFile) -> tuple[User, dict[str, str]]:
    convocation = reserve.convocation
    user = convocation.student.user
    event = convocation.event
    return user, {"student_name": user.get_full_name() or user.email,
                  "module_title": f"{event.module.code} {event.module.title}",
                  "exam_date": fmt_date(event.start)}


def notify_opened(reserve: ReserveFile, *, mark: MissedMark, proof_rule: str) -> None:
    from core.notices.services import notice_enqueue
    from exams.notices import ABSENCE_RECORDED

    user, context = _base(reserve)
    deadline = reserve.proof_deadline
    notice_enqueue(
        key=f"reserve:{reserve.pk}:open", kind=ABSENCE_RECORDED, recipient=user, rule_id=mark.rule_id or proof_rule,
        subject=reserve,
        context={**context, "mark": mark.value, "message": str(PROCEDURE_MESSAGES[reserve.procedure]),
                 "deadline": f"{fmt_date(deadline)} {fmt_time(deadline)}" if deadline else "",
                 "rule_id": proof_rule if deadline else mark.rule_id, "url": _url()},
    )


def notify_transition(reserve: ReserveFile, action: str, *, reason: str = "") -> None:
    from core.notices.services import notice_enqueue
    from exams.notices import RESERVE_UPDATE

    if action == "submit_proofs":
        notify_module_heads(reserve)
        return
    if (reserve.procedure, action) not in NOTIFIED:
        return
    user, context = _base(reserve)
    rule_id, message = NOTIFIED[(reserve.procedure, action)]
    text = str(message) + (f" {_lazy('Motif :')} {reason}" if reason else "")
    notice_enqueue(
        key=f"reserve:{reserve.pk}:{action}", kind=RESERVE_UPDATE, recipient=user, rule_id=rule_id, subject=reserve,
        context={**context, "state": str(STATE_LABELS.get(reserve.state, reserve.state)), "message": text,
                 "url": _url()},
    )


def module_heads(reserve: ReserveFile) -> list[User]:
    from courses.models import Module

    ct = ContentType.objects.get_for_model(Module)
    ids = RoleAssignment.objects.filter(role=Role.MODULE_HEAD, scope_type=ct,
                                        scope_id=reserve.convocation.event.module_id).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify_module_heads(reserve: ReserveFile) -> None:
    """Proofs arrived: the module head decides (UTC-3.01e-reserve-request, RSY-A2-makeup)."""
    from core.notices.services import notice_enqueue
    from exams.notices import ABSENCE_PROOFS_RECEIVED

    _user, context = _base(reserve)
    url = settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:reserve_detail", args=[reserve.pk])
    for head in module_heads(reserve):
        notice_enqueue(key=f"reserve:{reserve.pk}:proofs:{head.pk}", kind=ABSENCE_PROOFS_RECEIVED, recipient=head,
                       rule_id="UTC-3.01e-reserve-request" if reserve.procedure == mk.RESERVE_PROCEDURE
                       else "RSY-A2-notify", subject=reserve,
                       context={**context, "name": head.get_full_name() or head.email, "url": url})
