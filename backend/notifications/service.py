"""Send and read in-app notifications."""

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from backend.core.db import utcnow
from backend.extensions import db
from backend.notifications.models import Notification

_delivery_hooks = []


def on_delivery(hook):
    """Register `hook(notification)` called after a notification is stored (Web Push plugs in here)."""
    _delivery_hooks.append(hook)
    return hook


def notify(user_id: int, kind: str, title: str, body: str = "", link: str | None = None,
           data: dict | None = None, dedupe_key: str | None = None) -> Notification | None:
    """Store a notification; with `dedupe_key`, a repeat (even from another process) stores nothing.

    Returns the new notification, or None when the key was already used.
    """
    if dedupe_key and db.session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe_key)):
        return None
    note = Notification(user_id=user_id, kind=kind, title=title, body=body, link=link, data=data, dedupe_key=dedupe_key)
    try:
        with db.session.begin_nested():
            db.session.add(note)
    except IntegrityError:
        return None  # another process sent it first
    for hook in _delivery_hooks:
        hook(note)
    return note


def for_user_query(user_id: int, unread_only: bool = False):
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return stmt.order_by(Notification.created_at.desc(), Notification.id.desc())


def mark_read(user_id: int, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those of `ids`) in one statement; how many."""
    stmt = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if ids:
        stmt = stmt.where(Notification.id.in_(ids))
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount
