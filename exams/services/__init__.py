"""Writes of the exam office (STYLE 4): sessions, events, seats, invigilators, publication."""

from exams.services.conflicts import conflicts_check
from exams.services.convocations import convocation_document, convocations_notify
from exams.services.events import (
    event_rooms_set,
    event_update,
    events_generate_from_m3c,
    room_create,
    session_create,
)
from exams.services.invigilation import invigilation_check, invigilator_assign, invigilator_replace
from exams.services.publication import session_publish
from exams.services.seating import seats_allocate

__all__ = [
    "conflicts_check",
    "convocation_document",
    "convocations_notify",
    "event_rooms_set",
    "event_update",
    "events_generate_from_m3c",
    "invigilation_check",
    "invigilator_assign",
    "invigilator_replace",
    "room_create",
    "seats_allocate",
    "session_create",
    "session_publish",
]

from exams.services.archive import (  # copy archive (UTC-5.03a-retention, STRAS-113)
    copy_lot_for_report,
    copy_lot_hold,
    copy_lot_update,
    copy_lots_destroy,
    copy_lots_ensure,
    copy_lots_transfer,
)

__all__ += [
    "copy_lot_for_report",
    "copy_lot_hold",
    "copy_lot_update",
    "copy_lots_destroy",
    "copy_lots_ensure",
    "copy_lots_transfer",
]

from exams.services.orals import (  # noqa: E402  oral passage schedules (STRAS-80)
    door_list_issue,
    oral_panel_add,
    oral_panel_remove,
    oral_passage_move,
    oral_passages_generate,
    oral_passages_swap,
    oral_schedule_publish,
    oral_schedule_set,
)

__all__ += [
    "door_list_issue",
    "oral_panel_add",
    "oral_panel_remove",
    "oral_passage_move",
    "oral_passages_generate",
    "oral_passages_swap",
    "oral_schedule_publish",
    "oral_schedule_set",
]

from exams.services.reserves import (  # noqa: E402  absence files, réserves and make-ups (H4)
    absence_record,
    missed_exam_record,
    reserve_act,
    reserve_makeup_schedule,
    reserves_expire,
)
from exams.services.reserves_proofs import reserve_proof_submit  # noqa: E402

__all__ += [
    "absence_record",
    "missed_exam_record",
    "reserve_act",
    "reserve_makeup_schedule",
    "reserve_proof_submit",
    "reserves_expire",
]
