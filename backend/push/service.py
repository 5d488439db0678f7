"""Web Push: keys made on first use, subscriptions, and sending each stored notification to the
user's browsers once the request (or job) that made it has committed.

Push is an outside service: with WEB_PUSH_ENABLED off (the default under tests) nothing is sent.
"""

import json
import logging
import threading
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from py_vapid import Vapid01
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from backend.core.errors import DomainError
from backend.extensions import db
from backend.notifications.service import on_delivery
from backend.push import endpoints, keys
from backend.push.models import PushSubscription

log = logging.getLogger(__name__)
_PENDING = "push_pending"
_key_lock = threading.Lock()


def _key_path() -> Path:
    return Path(current_app.instance_path) / "vapid_private.pem"


def vapid() -> Vapid01:
    """The server's VAPID key pair: VAPID_PRIVATE_KEY when set (production requires it, so that every
    server signs with the same key), else generated into instance/ on first use and kept from then on."""
    if current_app.config.get("VAPID_PRIVATE_KEY"):
        return keys.from_text(current_app.config["VAPID_PRIVATE_KEY"])
    path = _key_path()
    with _key_lock:
        if not path.exists():
            key = Vapid01()
            key.generate_keys()
            try:
                with open(path, "xb") as f:  # another process may have written it first: keep that one
                    f.write(key.private_pem())
                path.chmod(0o600)
            except FileExistsError:
                pass
    return Vapid01.from_file(str(path))


def public_key() -> str:
    return keys.public_key_text(vapid())


def subscribe(user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Store a browser's subscription; the same endpoint again updates it (and moves it to this user).

    The endpoint must be on a known push service: the server connects to it for every reminder."""
    if not endpoints.is_allowed(endpoint):
        message = _l("Reminders can only be sent through a browser's own push service.")
        raise DomainError(422, "push_endpoint_not_allowed", message, {"endpoint": [message]})
    sub = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if sub is None:
        sub = PushSubscription(endpoint=endpoint, user_id=user.id, p256dh=p256dh, auth=auth)
        db.session.add(sub)
    else:
        sub.user_id, sub.p256dh, sub.auth = user.id, p256dh, auth
    db.session.flush()
    return sub


def subscriptions_query(user_id: int):
    return (select(PushSubscription).where(PushSubscription.user_id == user_id)
            .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc()))


def unsubscribe(sub: PushSubscription) -> None:
    db.session.delete(sub)
    db.session.flush()


def enabled() -> bool:
    return bool(current_app.config.get("WEB_PUSH_ENABLED", not current_app.testing))


@on_delivery
def _queue(note) -> None:
    """Called as a notification is stored: remember it, and push it only if the transaction commits."""
    if not enabled():
        return
    payload = {"title": note.title, "body": note.body or "", "link": note.link or "/me", "kind": note.kind}
    info = db.session().info
    info.setdefault(_PENDING, []).append((note.user_id, payload))
    info["push_app"] = current_app._get_current_object()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    app = session.info.pop("push_app", None)
    if not pending or app is None:
        return
    if app.config.get("WEB_PUSH_INLINE"):
        deliver(app, pending)
    else:
        threading.Thread(target=deliver, args=(app, pending), daemon=True).start()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def deliver(app, pending: list[tuple[int, dict]]) -> int:
    """Send each (user_id, payload) to all of the user's browsers; drop subscriptions the push service
    says are gone (404/410). Returns how many messages were accepted."""
    sent = 0
    with app.app_context(), Session(db.engine) as session, endpoints.NoRedirectSession() as http:
        key = vapid()
        claims = {"sub": app.config.get("WEB_PUSH_SUBJECT", "mailto:noreply@kechuang.invalid")}
        for user_id, payload in pending:
            subs = session.scalars(select(PushSubscription).where(PushSubscription.user_id == user_id)).all()
            for sub in subs:
                if not endpoints.may_send_to(sub.endpoint):
                    log.warning("web push to subscription %s skipped: its endpoint is not a public push service",
                                sub.id)
                    continue
                info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
                try:
                    webpush(info, data=json.dumps(payload, ensure_ascii=False), vapid_private_key=key,
                            vapid_claims=dict(claims), timeout=10, ttl=86400, requests_session=http)
                    sent += 1
                except WebPushException as exc:
                    status = getattr(exc.response, "status_code", None)
                    if status in (404, 410):
                        session.execute(delete(PushSubscription).where(PushSubscription.id == sub.id))
                    else:
                        log.warning("web push to subscription %s failed: %s", sub.id, status or exc)
        session.commit()
    return sent
