"""Serving a need: status notes, linking an event or a field log, an event made from the need, resolving.

An event made from a need is a draft of the events domain, pre-filled from the need (title,
description, the need's point, its county), with the provider who made it as its contact. Publishing
stays the county association's (policy "event.publish"): its admins are told a draft waits for them.
"""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.core.db import utcnow
from backend.events import service as events
from backend.events.models import Event
from backend.extensions import db
from backend.needs.models import Need, NeedService
from backend.needs.service import answers, clocks, from_feedback, lifecycle
from backend.needs.service.common import admin_user_ids, locked, refuse
from backend.notifications.service import notify
from backend.regions.models import Region
from backend.stations.fieldlogs.models import FieldLog


def add_note(actor, need: Need, text: str, now: datetime | None = None):
    need = locked(need)
    return lifecycle.step(need, actor, "note", text, now=now)


def link_service(actor, need: Need, event_id: int | None = None, fieldlog_uuid=None,
                 now: datetime | None = None) -> NeedService:
    """Link an event or a field log (one of them) that served the need."""
    now = now or utcnow()
    if (event_id is None) == (fieldlog_uuid is None):
        raise refuse("service_one_of", "event_id", _l("Give either an event or a field log."))
    need = locked(need)
    lifecycle.next_status(need, "link_service")
    if event_id is not None:
        if db.session.get(Event, event_id) is None:
            raise refuse("event_not_found", "event_id", _l("Event not found."), status=404)
        clash = NeedService.event_id == event_id
        data = {"event_id": event_id}
    else:
        log = db.session.scalar(select(FieldLog).where(FieldLog.uuid == fieldlog_uuid))
        if log is None:
            raise refuse("field_log_not_found", "fieldlog_uuid", _l("Field log not found."), status=404)
        clash = NeedService.field_log_id == log.id
        data = {"field_log_id": log.id}
    if db.session.scalar(select(NeedService.id).where(NeedService.need_id == need.id, clash)):
        raise refuse("service_already_linked", None, _l("This is already linked to the need."), status=409)
    service = NeedService(need_id=need.id, added_by_id=actor.id, created_at=now, **data)
    db.session.add(service)
    db.session.flush()
    lifecycle.step(need, actor, "link_service", data=data, now=now)
    return service


def create_event(actor, need: Need, data: dict, now: datetime | None = None) -> Event:
    """A draft event pre-filled from the need, its contact the provider who made it, linked as a service."""
    now = now or utcnow()
    need = locked(need)
    lifecycle.next_status(need, "create_event")
    township = db.session.get(Region, need.township_code)
    description = f"{need.description}\n\n" if need.description else ""
    fields = {
        "kind": data["kind"], "title": need.title[:200], "starts_at": data["starts_at"], "ends_at": data["ends_at"],
        "description": description + _("Planned for need #%(id)s.", id=need.id),
        "venue_name": data.get("venue_name") or township.name, "region_code": need.county_code,
        "lat": need.lat, "lng": need.lng, "contact_user_id": actor.id, "roles": [],
    }
    event = events.create_event(actor, fields)
    db.session.add(NeedService(need_id=need.id, event_id=event.id, added_by_id=actor.id, created_at=now))
    db.session.flush()
    lifecycle.step(need, actor, "create_event", data={"event_id": event.id}, now=now)
    for user_id in admin_user_ids(need.county_code):
        notify(user_id, "need.event_draft", _("A draft event for a need waits to be published: %(title)s",
                                              title=event.title),
               body=event.title, link=f"/events/{event.id}", data={"event_id": event.id, "need_id": need.id},
               dedupe_key=f"need.event_draft:{event.id}:{user_id}")
    return event


def resolve(actor, need: Need, note: str, now: datetime | None = None) -> Need:
    """The provider says it is done: the asker is asked whether it was solved (14 days to answer). A need from
    an event's feedback with no asker account closes at once as not confirmed: nobody could answer."""
    now = now or utcnow()
    need = locked(need)
    lifecycle.next_status(need, "resolve")
    need.resolved_at = now
    need.answer_due_at = clocks.answer_due(now)
    lifecycle.step(need, actor, "resolve", note, now=now)
    if from_feedback.closes_on_resolution(need):
        need.answer_due_at = now
        answers.close_unconfirmed(need, now)
    return need
