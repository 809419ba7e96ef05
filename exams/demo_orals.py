"""Demo data of the oral passage schedules (STRAS-80): run after ``exams.demo``.

Next to the demo final session, an "Oraux (démo)" session of the same semester holds one oral exam
(15 min, 20 min of preparation) of its first module, three days after the finals, seated, with two
panels and a lunch break; the passages are generated and the schedule is left in draft for the exam
office to move, swap and publish. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from core.models import Role
from exams.models import EventNature, ExamEvent, ExamSession, OralSchedule, Room
from exams.services import event_rooms_set, seats_allocate, session_create
from exams.services.common import at_paris
from exams.services.orals import oral_panel_add, oral_passages_generate, oral_schedule_set

TITLE = "Oraux (démo)"


def seed(ctx: Any) -> None:
    finals = ExamSession.objects.filter(title__endswith="(démo)", kind="final").select_related(
        "component__institution", "semester").order_by("id").first()
    if finals is None or finals.semester is None:
        ctx.log("  pas de session d'examens de démonstration : pas d'oral.")
        return
    if ExamSession.objects.filter(component=finals.component, title=TITLE).exists():
        ctx.log(f"  session « {TITLE} » déjà présente.")
        return
    preset = next((p for p, i in ctx.institutions.items() if i.pk == finals.component.institution_id), None)
    office = ctx.user(preset, Role.EXAM_OFFICE) if preset else None
    day = finals.end_date + timedelta(days=3)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    module = finals.semester.modules.order_by("position", "code").first()
    if module is None:
        return
    session = session_create(actor=office, component=finals.component, academic_year=finals.academic_year,
                             kind="other", title=TITLE, start_date=day, end_date=day, semester=finals.semester)
    event = ExamEvent.objects.create(session=session, module=module, title=f"{module.code} — oral", nature=EventNature.ORAL,
                                     start=at_paris(day, time(9)), duration_minutes=15, prep_minutes=20)
    rooms = {r.code: r for r in Room.objects.filter(institution=finals.component.institution)}
    event_rooms_set(actor=office, event=event, rooms=[rooms["S101"], rooms["S-AM"]])
    seats_allocate(actor=office, event=event)
    schedule = oral_schedule_set(actor=office, event=event, duration_minutes=15, prep_minutes=20,
                                 changeover_minutes=5, break_start=time(12, 15), break_end=time(13, 30))
    oral_panel_add(actor=office, schedule=schedule, code="Jury 1", room=rooms["S101"],
                   examiners="Mme Lefèvre\nM. Garnier")
    oral_panel_add(actor=office, schedule=schedule, code="Jury 2", room=rooms["S-AM"], examiners="Mme Roussel")
    passages = oral_passages_generate(actor=office, event=event)
    ctx.log(f"  session « {TITLE} » : {len(passages)} passage(s) sur 2 jurys "
            f"(planning {OralSchedule.objects.get(event=event).get_state_display()}).")
