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
