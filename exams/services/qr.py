"""The rotating sign-in QR code of an exam room (issue #5 item 7, UTC-3.02a-signin-content: the digital
counterpart of the sign-in sheet).

The room's screen shows a QR code whose URL carries a token signed by the server
(``django.core.signing``, salt ``exams.signin-qr``) with the event room id and the current time window
(``EXAMS_QR_PERIOD_SECONDS``, 30 s by default). A token is accepted during its own window and the next
one only (a photo sent outside the room expires within two periods); a tampered token or one of
another room is refused. The student must be signed in and hold a convocation for that room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import User
from exams.models import Attendance, Convocation, EventRoom
from exams.models.attendance import SignInMethod

SALT = "exams.signin-qr"


def qr_period() -> int:
    """Seconds a QR code stays current (settings ``EXAMS_QR_PERIOD_SECONDS``; not a regulatory value)."""
    return int(getattr(settings, "EXAMS_QR_PERIOD_SECONDS", 30))


def qr_window(at: datetime, period: int | None = None) -> int:
    return int(at.timestamp()) // (period or qr_period())


def qr_token(event_room_id: int, window: int) -> str:
    return signing.dumps({"r": event_room_id, "w": window}, salt=SALT, compress=False)


@dataclass(frozen=True)
class QrCode:
    token: str
    svg: str
    window: int
    seconds_left: int


def qr_current(event_room: EventRoom, *, at: datetime, url_for: object) -> QrCode:
    """The code to display now: ``url_for(token)`` gives the absolute URL the QR encodes."""
    period = qr_period()
    window = qr_window(at, period)
    token = qr_token(event_room.pk, window)
    url = url_for(token)  # type: ignore[operator]
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff",
                                                title=_("QR code d'émargement"))
    seconds_left = period - int(at.timestamp()) % period
    return QrCode(token, svg, window, seconds_left)


def qr_check(token: str, *, at: datetime, event_room_id: int | None = None) -> tuple[int, int]:
    """(event room id, window) of a valid token; ``ApplicationError`` with a stable code otherwise."""
    try:
        payload = signing.loads(token, salt=SALT)
        room_id, window = int(payload["r"]), int(payload["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ApplicationError("exams.qr_invalid", _("Ce QR code n'est pas valide : scannez le code affiché en salle."),
                               fields={"token": _("Code invalide.")}) from None
    if event_room_id is not None and room_id != event_room_id:
        raise ApplicationError("exams.qr_other_room", _("Ce QR code est celui d'une autre salle."),
                               fields={"token": _("Autre salle.")})
    current = qr_window(at)
    if window not in (current, current - 1):
        raise ApplicationError("exams.qr_expired",
                               _("Ce QR code a expiré : scannez le code actuellement affiché en salle."),
                               fields={"token": _("Code expiré.")})
    return room_id, window


def qr_convocation(user: User, event_room: EventRoom) -> Convocation | None:
    """The signed-in student's own convocation for that room (None: go to the invigilator)."""
    if not user.is_authenticated:
        return None
    return (Convocation.objects.filter(event_id=event_room.event_id, room_id=event_room.room_id,
                                       student__user_id=user.pk)
            .select_related("event__module", "attendance").first())


def qr_sign_in(*, user: User, token: str, at: datetime) -> Attendance:
    """Sign the student in from a scanned code. Refused (nothing recorded): invalid, expired or
    replayed code, not convoked in that room, after their end time, latecomer refused entry."""
    from exams.services.attendance import attendance_mark_present

    room_id, window = qr_check(token, at=at)
    event_room = EventRoom.objects.select_related("event__session").filter(pk=room_id).first()
    if event_room is None:
        raise ApplicationError("exams.qr_invalid", _("Ce QR code n'est pas valide."), fields={"token": _("Salle inconnue.")})
    convocation = qr_convocation(user, event_room)
    if convocation is None:
        raise ApplicationError("exams.qr_not_convoked",
                               _("Vous n'êtes pas convoqué·e dans cette salle : adressez-vous au surveillant."),
                               fields={"token": _("Pas de convocation.")})
    if at >= convocation.end:
        raise ApplicationError("exams.qr_after_end", _("L'épreuve est terminée."), fields={"token": _("Trop tard.")})
    attendance = getattr(convocation, "attendance", None)
    if attendance is not None and attendance.qr_window is not None and attendance.qr_window >= window:
        raise ApplicationError("exams.qr_replayed", _("Ce QR code a déjà été utilisé : vous avez émargé."),
                               fields={"token": _("Code déjà utilisé.")})
    attendance = attendance_mark_present(actor=user, convocation=convocation, event_room=event_room, at=at,
                                         method=SignInMethod.QR)
    Attendance.objects.filter(pk=attendance.pk).update(qr_window=window)
    attendance.qr_window = window
    return attendance
