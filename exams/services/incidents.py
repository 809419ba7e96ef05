"""Decisions on exam incidents: the measure taken and who took it (TOURS-VI-3.2-incident-subjects: a
late start or a longer duration for the candidates composing, a retake; STRAS-30: after massive
lateness the jury president delays the start or postpones the exam).

A delay moves every candidate's end in the room by the minutes granted (never shortens it: the rule
``extended_end``); a postponement or a retake is recorded here and the exam office moves the exam on
the session page, which re-notifies the candidates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_record
from core.errors import ApplicationError, NotFound
from core.models import User
from exams import permissions as perms
from exams.models import Convocation, ReportIncident
from exams.rules.reports import extended_end, incident_measure
from exams.services.common import SessionProfile, slot_of

PARAM = "exams.incident_rules"
DELAYING = frozenset({"retarder_debut", "prolonger_duree"})
MEASURE_LABELS = {
    "retarder_debut": gettext_lazy("Retarder le début"),
    "prolonger_duree": gettext_lazy("Prolonger la durée"),
    "reprise_epreuve": gettext_lazy("Faire reprendre l'épreuve"),
    "reporter": gettext_lazy("Reporter l'épreuve"),
    "sujet_de_secours": gettext_lazy("Distribuer le sujet de secours"),
}


def allowed_measures(profile: SessionProfile, kind: str) -> tuple[list[str], str]:
    """The measures the profile allows for this kind of incident, whatever the moment it was found."""
    out: list[str] = []
    rule_id = ""
    for found in ("before_distribution", "shortly_after", "content_error", ""):
        decision = incident_measure(profile[PARAM], kind=kind, found=found, preset=profile.preset)
        rule_id = rule_id or decision.rule_id
        out += [m for m in decision.measures if m not in out]
    return out, rule_id


def incident_decide(*, actor: User, incident: ReportIncident, measure: str, delay_minutes: int = 0,
                    note: str = "", now: datetime) -> ReportIncident:
    """Record the measure taken about an incident (jury president, or the exam office on their behalf)."""
    report = incident.report
    event_room = report.event_room
    event = event_room.event
    if not perms.can_decide_incident(actor, event):
        raise NotFound()
    profile = SessionProfile(event.session)
    allowed, rule_id = allowed_measures(profile, incident.kind)
    if incident.decided_at is not None:
        raise ApplicationError("exams.incident_already_decided", _("Une mesure a déjà été décidée pour cet incident."),
                               fields={"measure": _("Déjà décidée.")}, rule_id=rule_id)
    if measure not in allowed:
        raise ApplicationError(
            "exams.incident_measure_not_allowed", _("Mesure non prévue pour cet incident."),
            fields={"measure": _("Choisir parmi : %(m)s.") % {"m": ", ".join(str(MEASURE_LABELS.get(m, m))
                                                                             for m in allowed)}},
            rule_id=rule_id)
    if measure in DELAYING and delay_minutes <= 0:
        raise ApplicationError("exams.incident_delay_required", _("Indiquer le retard accordé en minutes."),
                               fields={"delay_minutes": _("Obligatoire pour cette mesure.")}, rule_id=rule_id)
    if measure in DELAYING and report.closed_at is not None:
        raise ApplicationError("exams.report_closed", _("Le procès-verbal est clos : la durée ne peut plus changer."),
                               fields={"measure": _("Procès-verbal clos.")}, rule_id=rule_id)
    delay = timedelta(minutes=delay_minutes if measure in DELAYING else 0)
    with transaction.atomic():
        locked = ReportIncident.objects.select_for_update().get(pk=incident.pk)
        if delay:
            extended_end(slot_of(event, event.session), delay)  # the rule refuses a negative delay
            Convocation.objects.filter(event=event, room=event_room.room).update(end=F("end") + delay)
        locked.measure, locked.delay_minutes, locked.decision_note = measure, int(delay.total_seconds() // 60), note
        locked.decided_by, locked.decided_at = actor, now
        locked.save(update_fields=["measure", "delay_minutes", "decision_note", "decided_by", "decided_at"])
        audit_record(actor=actor, action="exams.incident.decide", obj=locked, rule_id=rule_id,
                     after={"measure": measure, "delay_minutes": locked.delay_minutes, "note": note})
    return locked
