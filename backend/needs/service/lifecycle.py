"""The one table of a need's states: which action moves a need from which state to which.

Who may take an action is the policy's (backend/policy/needs.py); whether the need's state lets it
happen is this table's. A view lists what a viewer may do now (`can`) as the actions both allow.
Every move is a NeedStep (the timeline) and is told to the asker and the followers with its note.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import Need, NeedFollower, NeedStatus, NeedStep
from backend.notifications.service import notify

S = NeedStatus
#: the states in which people still act on a need
_LIVE = (S.submitted, S.accepted, S.matched, S.in_service, S.resolved)

#: (state, action) → the state after it. Actions a person takes are also policy rules "need.<action>";
#: "fallback", "rematch" and "close_unconfirmed" are taken by the system.
TRANSITIONS: dict[tuple[NeedStatus, str], NeedStatus] = {
    (S.submitted, "accept"): S.accepted,
    (S.submitted, "refuse"): S.refused,
    (S.submitted, "duplicate"): S.duplicate,
    (S.accepted, "duplicate"): S.duplicate,
    (S.submitted, "refer"): S.submitted,  # handled by the city or the province from now on
    (S.submitted, "fallback"): S.submitted,  # nobody triaged it in time: the province handles it (兜底)
    (S.accepted, "assign"): S.matched,
    (S.matched, "assign"): S.matched,
    (S.in_service, "assign"): S.in_service,
    (S.matched, "provider_accept"): S.in_service,
    (S.in_service, "provider_accept"): S.in_service,
    (S.matched, "provider_decline"): S.matched,
    (S.in_service, "provider_decline"): S.in_service,
    (S.matched, "rematch"): S.accepted,  # its last open assignment was declined: back to matching
    (S.accepted, "note"): S.accepted,
    (S.matched, "note"): S.matched,
    (S.in_service, "note"): S.in_service,
    (S.resolved, "note"): S.resolved,
    (S.in_service, "link_service"): S.in_service,
    (S.in_service, "create_event"): S.in_service,
    (S.in_service, "resolve"): S.resolved,
    (S.resolved, "answer"): S.closed,  # solved or partly; "not solved" is the "reopen" row below
    (S.resolved, "reopen"): S.in_service,
    (S.resolved, "close_unconfirmed"): S.closed,
    **{(state, "follow"): state for state in _LIVE},
    **{(state, "unfollow"): state for state in _LIVE},
}

#: the actions people take (policy rule "need.<action>"), in the order the PWA shows their buttons
ACTIONS = ("accept", "refuse", "duplicate", "refer", "assign", "provider_accept", "provider_decline", "note",
           "link_service", "create_event", "resolve", "answer", "follow", "unfollow")
#: what the system alone does
SYSTEM_ACTIONS = ("fallback", "rematch", "close_unconfirmed", "reopen")


def allowed(status: NeedStatus, action: str) -> bool:
    return (status, action) in TRANSITIONS


def next_status(need: Need, action: str) -> NeedStatus:
    """The state `action` moves `need` to, or 409 need_wrong_state when its state does not allow it."""
    try:
        return TRANSITIONS[(need.status, action)]
    except KeyError:
        raise DomainError(409, "need_wrong_state",
                          _l("This need's status does not allow that (anymore): reload it.")) from None


def step(need: Need, actor, action: str, note: str = "", data: dict | None = None, now=None,
         tell: bool = True) -> NeedStep:
    """Move the need by `action` (the table above), add the step to its timeline and tell its people."""
    after = next_status(need, action)
    need.status = after
    row = NeedStep(need_id=need.id, at=now or utcnow(), actor_id=getattr(actor, "id", None), action=action,
                   status_after=after.name, note=note or "", data=data or {})
    db.session.add(row)
    db.session.flush()
    if tell:
        tell_people(need, row, actor)
    return row


def record_raise(need: Need, actor, note: str = "", data: dict | None = None, now=None) -> NeedStep:
    """The first step of every timeline (not a move: a need is born submitted)."""
    row = NeedStep(need_id=need.id, at=now or utcnow(), actor_id=getattr(actor, "id", None), action="raise",
                   status_after=need.status.name, note=note, data=data or {})
    db.session.add(row)
    db.session.flush()
    return row


_STEP_TITLES = {
    "accept": _l("Your need was accepted"),
    "refuse": _l("Your need was refused"),
    "duplicate": _l("Your need repeats another one: you now follow it"),
    "refer": _l("Your need was referred to a higher association"),
    "fallback": _l("Your need is now handled by the province association"),
    "assign": _l("A provider was asked to serve your need"),
    "provider_accept": _l("A provider took on your need"),
    "provider_decline": _l("A provider declined your need"),
    "rematch": _l("Your need is back to matching"),
    "note": _l("A new status note on your need"),
    "link_service": _l("A service was recorded for your need"),
    "create_event": _l("An event was planned for your need"),
    "resolve": _l("Your need was resolved: was it solved?"),
    "answer": _l("The need was closed"),
    "reopen": _l("The need was reopened"),
    "close_unconfirmed": _l("The need was closed without an answer"),
}


def people_to_tell(need: Need) -> list[int]:
    followers = db.session.scalars(select(NeedFollower.user_id).where(NeedFollower.need_id == need.id)
                                   .order_by(NeedFollower.user_id)).all()
    return list(dict.fromkeys([*([need.asker_id] if need.asker_id else []), *followers]))


def tell_people(need: Need, row: NeedStep, actor) -> None:
    """The asker and the followers (not the one who acted) hear of the step, with its status note."""
    title = str(_STEP_TITLES.get(row.action, _("Your need changed")))
    for user_id in people_to_tell(need):
        if user_id == getattr(actor, "id", None):
            continue
        notify(user_id, f"need.{row.action}", title, body=row.note or need.title, link=f"/needs/{need.id}",
               data={"need_id": need.id, "status": row.status_after}, dedupe_key=f"need.step:{row.id}:{user_id}")
