"""Exam-day pages (issue #5 items 7–8): the invigilator's rooms, the phone/tablet page of a room, a
candidate's actions (late arrival, exits), the room's screen with the rotating QR code, the student's
QR sign-in, and the exam office's verification of candidates added on site (STRAS-35).

Plain forms and POST-redirect-GET: everything works without JavaScript. Decisions come from the
services (profile rules); the views only route and render.
"""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar.working import PARIS
from core.errors import ApplicationError, NotFound, PermissionDenied
from enrollment.models import Student
from exams import permissions as perms
from exams import selectors_day as sel
from exams.models import Convocation, EventRoom
from exams.rules.reports import incident_measure
from exams.services import attendance as svc
from exams.services.qr import qr_check, qr_convocation, qr_current, qr_period, qr_sign_in
from exams.services.reports import exam_report_open, exam_room_close, incident_add
from exams.views.common import AuthedRequest, page, show_error

LATE_REASONS = (("", gettext_lazy("Aucun motif particulier")),
                ("incident_transport_imprevisible", gettext_lazy("Incident de transport imprévisible")))
EXIT_REASONS = (("", gettext_lazy("Autre")), ("medical", gettext_lazy("Raison médicale")),
                ("imperative", gettext_lazy("Raison impérative")))


class LateForm(forms.Form):
    arrived = forms.TimeField(label=gettext_lazy("Heure d'arrivée (vide : maintenant)"), required=False,
                              widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.ChoiceField(label=gettext_lazy("Motif du retard"), choices=LATE_REASONS, required=False)
    decision = forms.ChoiceField(
        label=gettext_lazy("Décision (quand le règlement la laisse à un responsable)"), required=False,
        choices=(("", gettext_lazy("Appliquer la règle")), ("admit", gettext_lazy("Admis")),
                 ("refuse", gettext_lazy("Refusé"))))


class ExitForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Motif de la sortie"), choices=EXIT_REASONS, required=False)
    escorted = forms.BooleanField(label=gettext_lazy("Accompagné par un surveillant"), required=False)


class NotesForm(forms.Form):
    notes = forms.CharField(label=gettext_lazy("Remarques"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Nature de l'incident"), choices=[
        ("missing_subjects", gettext_lazy("Sujets manquants")), ("faulty_subject", gettext_lazy("Sujet erroné")),
        ("massive_lateness", gettext_lazy("Retard massif")), ("overtime", gettext_lazy("Composition après l'heure")),
        ("fraud_suspicion", gettext_lazy("Suspicion de fraude")), ("copy_count_gap", gettext_lazy("Écart de copies")),
        ("other", gettext_lazy("Autre"))])
    found = forms.ChoiceField(label=gettext_lazy("Sujets : constaté"), required=False, choices=[
        ("", "—"), ("before_distribution", gettext_lazy("avant la distribution")),
        ("shortly_after", gettext_lazy("peu après la distribution")), ("content_error", gettext_lazy("erreur de contenu"))])
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    explains_count_gap = forms.BooleanField(label=gettext_lazy("Explique l'écart copies / émargements"),
                                            required=False)


class CloseForm(forms.Form):
    copies = forms.IntegerField(label=gettext_lazy("Copies ramassées"), min_value=0)
    observations = forms.CharField(label=gettext_lazy("Observations"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))



def _at(er: EventRoom, moment: time | None) -> datetime:
    if moment is None:
        return timezone.now()
    return datetime.combine(er.event.start.astimezone(PARIS).date(), moment, tzinfo=PARIS)


@page
def my_invigilations(request: AuthedRequest) -> HttpResponse:
    """« Mes surveillances »: the rooms I invigilate, today's first."""
    now = timezone.now()
    rows = sel.invigilations_for(request.user, since=now)
    today = now.astimezone(PARIS).date()
    return render(request, "exams/day/my_invigilations.html", {
        "today": [r for r in rows if r.event_room.event.start.astimezone(PARIS).date() == today],
        "upcoming": [r for r in rows if r.event_room.event.start.astimezone(PARIS).date() > today],
    })


def _room_page(request: AuthedRequest, er: EventRoom, **extra: object) -> HttpResponse:
    search = request.GET.get("q", "")
    candidates = sel.room_candidates(er, search=search)
    ctx = svc.RoomContext.of(er)
    students: list[Student] = []
    student_q = request.GET.get("etudiant", "").strip()
    if student_q:
        students = sel.institution_students(er.event.session.component.institution_id, student_q)
    return render(request, "exams/day/room.html", {
        "er": er, "candidates": [{"c": c, "a": getattr(c, "attendance", None)} for c in candidates], "q": search, "counts": sel.room_counts(er), "log": sel.room_log(er),
        "report": sel.room_report(er), "unlisted": svc.unlisted_rule(ctx), "students": students,
        "student_q": student_q, "incident": extra.get("incident") or IncidentForm(prefix="inc"),
        "close": extra.get("close") or CloseForm(prefix="close"), "now": timezone.now(),
    })


def _back(er: EventRoom, anchor: str = "") -> HttpResponse:
    return redirect(reverse("exams:day_room", args=[er.pk]) + (f"#{anchor}" if anchor else ""))


@page
def room(request: AuthedRequest, pk: int) -> HttpResponse:
    """The phone/tablet page of a room: candidates with search, quick sign-in, room events, incidents,
    candidates added on site, closing the room."""
    er = perms.get_invigilated_room_for(request.user, pk)
    if request.method != "POST":
        return _room_page(request, er)
    action = request.POST.get("action", "")
    incident, close = IncidentForm(prefix="inc"), CloseForm(prefix="close")
    now = timezone.now()
    try:
        if action in ("present", "absent"):
            conv = perms.get_room_convocation_for(request.user, er, int(request.POST.get("convocation", 0) or 0))
            if action == "present":
                svc.attendance_mark_present(actor=request.user, convocation=conv, event_room=er, at=now)
            else:
                svc.attendance_mark_absent(actor=request.user, convocation=conv, event_room=er, at=now)
            return _back(er, f"c{conv.pk}")
        if action in svc.ROOM_EVENTS:
            svc.room_event_record(actor=request.user, event_room=er, kind=action, at=now)
            return _back(er)
        if action == "remaining_absent":
            n = svc.attendance_mark_remaining_absent(actor=request.user, event_room=er, at=now)
            messages.success(request, _("%(n)d candidat(s) déclaré(s) absent(s).") % {"n": n})
            return _back(er, "cloture")
        if action == "add_student":
            student = Student.objects.select_related("user").filter(
                pk=int(request.POST.get("student", 0) or 0),
                institution_id=er.event.session.component.institution_id).first()
            if student is None:
                raise NotFound()
            svc.unlisted_candidate_add(actor=request.user, event_room=er, student=student, at=now)
            messages.success(request, _("Candidat ajouté et émargé : %(m)s") % {"m": svc.unlisted_rule(
                svc.RoomContext.of(er)).message})
            return _back(er)
        if action == "incident":
            incident = IncidentForm(request.POST, prefix="inc")
            if incident.is_valid():
                data = incident.cleaned_data
                report = exam_report_open(actor=request.user, event_room=er)
                incident_add(actor=request.user, report=report, kind=data["kind"], description=data["description"],
                             at=now, explains_count_gap=data["explains_count_gap"])
                ctx = svc.RoomContext.of(er)
                measure = incident_measure(ctx.profile["exams.incident_rules"], kind=data["kind"], found=data["found"],
                                           preset=ctx.profile.preset)
                rule = f" [{measure.rule_id}]" if measure.rule_id else ""
                messages.success(request, _("Incident consigné. %(m)s") % {"m": measure.message} + rule)
                return _back(er, "incidents")
        if action == "close":
            close = CloseForm(request.POST, prefix="close")
            if close.is_valid():
                exam_room_close(actor=request.user, event_room=er, now=now, **close.cleaned_data)
                messages.success(request, _("Salle close : procès-verbal signé."))
                return redirect("exams:report_detail", er.pk)
    except NotFound:
        raise
    except PermissionDenied as exc:
        raise NotFound() from exc
    except ApplicationError as exc:
        show_error(request, exc, close if action == "close" else incident if action == "incident" else None)
        if action not in ("close", "incident"):
            return _back(er)
    return _room_page(request, er, incident=incident, close=close)


@page
def candidate(request: AuthedRequest, pk: int, convocation_id: int) -> HttpResponse:
    """One candidate: the profile's decisions for now (late entry, exits) with their rule ids, and the actions."""
    er = perms.get_invigilated_room_for(request.user, pk)
    conv = perms.get_room_convocation_for(request.user, er, convocation_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    late = LateForm(request.POST if action == "late" else None)
    exit_form = ExitForm(request.POST if action == "temporary_exit" else None)
    notes = NotesForm(request.POST if action == "notes" else None,
                      initial={"notes": getattr(getattr(conv, "attendance", None), "notes", "")})
    now = timezone.now()
    try:
        if action == "late" and late.is_valid():
            row = svc.late_arrival_record(actor=request.user, convocation=conv, event_room=er,
                                          at=_at(er, late.cleaned_data["arrived"]), reason=late.cleaned_data["reason"],
                                          decision=late.cleaned_data["decision"])
            rule = row.late_decision.get("rule_id")
            level = messages.success if row.status == "late_admitted" else messages.warning
            level(request, f"{row.get_status_display()} : {row.late_decision.get('message', '')}"
                  + (f" [{rule}]" if rule else ""))
            return _back(er, f"c{conv.pk}")
        if action == "temporary_exit" and exit_form.is_valid():
            svc.temporary_exit_record(actor=request.user, convocation=conv, event_room=er, at=now,
                                      **exit_form.cleaned_data)
            return _back(er, f"c{conv.pk}")
        if action == "return":
            svc.temporary_exit_return(actor=request.user, convocation=conv, event_room=er, at=now)
            return _back(er, f"c{conv.pk}")
        if action == "definitive_exit":
            svc.definitive_exit_record(actor=request.user, convocation=conv, event_room=er, at=now)
            return _back(er, f"c{conv.pk}")
        if action == "notes" and notes.is_valid():
            svc.attendance_note(actor=request.user, convocation=conv, event_room=er, notes=notes.cleaned_data["notes"])
            return redirect("exams:day_candidate", er.pk, conv.pk)
    except NotFound:
        raise
    except PermissionDenied as exc:
        raise NotFound() from exc
    except ApplicationError as exc:
        show_error(request, exc, {"late": late, "temporary_exit": exit_form}.get(action))
    ctx = svc.RoomContext.of(er)
    conv = perms.get_room_convocation_for(request.user, er, convocation_id)  # fresh state
    return render(request, "exams/day/candidate.html", {
        "er": er, "c": conv, "attendance": getattr(conv, "attendance", None), "late": late, "exit_form": exit_form,
        "notes": notes, "now": now,
        "late_now": svc.late_arrival_decision(ctx, conv, at=now),
        "temporary_now": svc.temporary_exit_decision(ctx),
        "definitive_now": svc.definitive_exit_decision(ctx, conv, at=now),
    })


@page
def screen(request: AuthedRequest, pk: int) -> HttpResponse:
    """The room's screen (laptop / projector): the rotating QR code; refreshes itself (meta refresh)."""
    er = perms.get_invigilated_room_for(request.user, pk)
    code = qr_current(er, at=timezone.now(),
                      url_for=lambda token: request.build_absolute_uri(reverse("exams:qr_sign_in", args=[token])))
    return render(request, "exams/day/screen.html", {"er": er, "code": code, "period": qr_period(),
                                                     "counts": sel.room_counts(er)})


@page
def sign_in(request: AuthedRequest, token: str) -> HttpResponse:
    """A student scanned the room's code: confirm (POST) to sign in. Nothing is recorded on refusal."""
    now = timezone.now()
    error, attendance, er, conv = None, None, None, None
    try:
        room_id, _window = qr_check(token, at=now)
        er = EventRoom.objects.select_related("event__module", "room").filter(pk=room_id).first()
        conv = qr_convocation(request.user, er) if er is not None else None
        if request.method == "POST":
            attendance = qr_sign_in(user=request.user, token=token, at=now)
            messages.success(request, _("Présence enregistrée à %(t)s.") % {
                "t": attendance.signed_at.astimezone(PARIS).strftime("%H:%M") if attendance.signed_at else "—"})
            return redirect("exams:qr_signed", attendance.convocation.event_id)
        if conv is None:
            error = _("Vous n'êtes pas convoqué·e dans cette salle : adressez-vous au surveillant.")
    except ApplicationError as exc:
        error = exc.message
    return render(request, "exams/day/sign_in.html", {"token": token, "error": error, "er": er, "c": conv},
                  status=200 if error is None else 400)


@page
def signed(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The student's own sign-in receipt (anyone else: 404)."""
    conv = (Convocation.objects.select_related("event__module", "room", "attendance")
            .filter(event_id=event_id, student__user_id=request.user.pk, attendance__signed_at__isnull=False).first())
    if conv is None:
        raise NotFound()
    return render(request, "exams/day/signed.html", {"c": conv, "attendance": getattr(conv, "attendance", None)})


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Décision"), choices=(
        ("confirmed", gettext_lazy("Autorisé à composer : la note compte")),
        ("refused", gettext_lazy("Non autorisé : la note est écartée"))))
    reason = forms.CharField(label=gettext_lazy("Motif (obligatoire en cas de refus)"), required=False, max_length=300)


@page
def unlisted(request: AuthedRequest, pk: int) -> HttpResponse:
    """Exam office: candidates added on site during a session, to confirm or refuse (STRAS-35)."""
    session = perms.get_session_for(request.user, pk)
    if request.method == "POST":
        attendance = perms.get_unlisted_for(request.user, int(request.POST.get("attendance", 0) or 0))
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                svc.unlisted_candidate_verify(actor=request.user, attendance=attendance, at=timezone.now(),
                                              **form.cleaned_data)
                messages.success(request, _("Décision enregistrée ; l'étudiant est prévenu."))
            except ApplicationError as exc:
                show_error(request, exc)
        else:
            messages.error(request, _("Choisir une décision."))
        return redirect("exams:day_unlisted", session.pk)
    return render(request, "exams/day/unlisted.html", {"session": session, "rows": sel.unlisted_for_session(session.pk),
                                                       "form": VerifyForm()})

