"""A student's ICS subscription token: created on request, rotated on request (the old URL dies)."""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record
from core.models import User
from exams.models import CalendarFeed
from exams.models.events import new_token


def feed_for(*, actor: User, user: User) -> CalendarFeed:
    with transaction.atomic():
        feed, created = CalendarFeed.objects.get_or_create(user=user)
        if created:
            audit_record(actor=actor, action="exams.feed_created", obj=feed)
    return feed


def feed_rotate(*, actor: User, user: User) -> CalendarFeed:
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update(of=("self",)).get_or_create(user=user)
        feed.token = new_token()
        feed.save(update_fields=["token", "rotated_at"])
        audit_record(actor=actor, action="exams.feed_rotated", obj=feed)
    return feed
