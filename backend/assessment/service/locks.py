"""The month lock: a county's month closes for data entry ASSESSMENT_LOCK_DAYS after it ends
(periods.locks_at), unless the province has opened it again for that county (a lock exception).

`month_locked` is the rule the lower domains ask through backend.core.locks (registered in
backend/assessment/__init__.py); it answers for any moment, so a log the phone recorded before the
lock can be judged at the time it was recorded.
"""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from backend.assessment.models import LockException
from backend.assessment.service.periods import Month, is_locked, label
from backend.audit import service as audit
from backend.core.db import get_or_404, utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.regions.service import get_region

#: the longest the province may open a month for at once
MAX_OPEN = timedelta(days=31)


def _open_at(at: datetime):
    """Lock exceptions in force at `at`: made before it, neither expired nor revoked by then."""
    return (LockException.created_at <= at, LockException.open_until > at,
            or_(LockException.revoked_at.is_(None), LockException.revoked_at > at))


def month_locked(county: str, ym: Month, at: datetime) -> bool:
    """Is the month closed for the county's data entry at `at`?"""
    if not is_locked(ym, at):
        return False
    opened = db.session.scalar(select(LockException.id).where(
        LockException.region_code == county, LockException.year == ym[0], LockException.month == ym[1],
        *_open_at(at)).limit(1))
    return opened is None


def _check(county: str, ym: Month, until: datetime, now: datetime) -> None:
    if get_region(county).level.value != "county":
        message = _l("A month is opened for one county.")
        raise DomainError(422, "lock_exception_not_county", message, {"region_code": [message]})
    if not is_locked(ym, now):
        message = _l("This month is not locked yet: data can still be entered.")
        raise DomainError(422, "month_not_locked", message, {"month": [message]})
    if not now < until <= now + MAX_OPEN:
        message = _l("Open the month until a time within the next 31 days.")
        raise DomainError(422, "bad_open_until", message, {"open_until": [message]})


def open_month(actor, county: str, ym: Month, until: datetime, reason: str,
               now: datetime | None = None) -> LockException:
    """Open a locked month for one county until `until`; audited. A month already open is refused."""
    now = now or utcnow()
    _check(county, ym, until, now)
    if not month_locked(county, ym, now):
        raise DomainError(409, "lock_exception_exists", _l("This month is already open for this county."))
    exception = LockException(region_code=county, year=ym[0], month=ym[1], open_until=until, reason=reason,
                              created_by_id=actor.id, created_at=now, updated_at=now)
    db.session.add(exception)
    db.session.flush()
    audit.record(actor, "lock_exception.open", "lock_exception", exception.id, county, None, _audit_view(exception))
    return exception


def revoke(actor, exception: LockException, now: datetime | None = None) -> LockException:
    """Close the month again at once; revoking twice changes nothing."""
    now = now or utcnow()
    if exception.revoked_at is not None or exception.open_until <= now:
        return exception
    exception.revoked_at, exception.revoked_by_id = now, actor.id
    db.session.flush()
    audit.record(actor, "lock_exception.revoke", "lock_exception", exception.id, exception.region_code,
                 _audit_view(exception) | {"revoked_at": None}, _audit_view(exception))
    return exception


def _audit_view(exception: LockException) -> dict:
    return {"month": label((exception.year, exception.month)), "open_until": exception.open_until.isoformat(),
            "reason": exception.reason,
            "revoked_at": exception.revoked_at.isoformat() if exception.revoked_at else None}


def get_exception(exception_id: int) -> LockException:
    return get_or_404(LockException, exception_id)


def exceptions_query(now: datetime, region_code: str | None = None, active: bool | None = None):
    """Lock exceptions, newest first; `active`: only those in force now (or only those no longer)."""
    stmt = select(LockException).options(selectinload(LockException.created_by), selectinload(LockException.region))
    if region_code:
        stmt = stmt.where(LockException.region_code.startswith(region_prefix(region_code)))
    if active is not None:
        in_force = _open_at(now)[1:]
        stmt = stmt.where(*in_force) if active else stmt.where(~(in_force[0] & in_force[1]))
    return stmt.order_by(LockException.created_at.desc(), LockException.id.desc())

