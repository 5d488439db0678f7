"""Certificates of verified service hours: issued as a snapshot, checked publicly by their code."""

from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.attendance import pdf
from backend.attendance.models import Certificate
from backend.attendance.service import hours
from backend.core import readable
from backend.core.db import LOCAL_TZ, local_day_bounds
from backend.core.errors import DomainError
from backend.events.models import Event
from backend.extensions import db
from backend.volunteers import service as volunteers

#: read aloud and typed from paper (core.readable's alphabet)
CODE_LENGTH = 12
DEFAULT_ISSUER = "陕西省科学技术协会"


def period_of(data: dict) -> tuple[date, date]:
    if data.get("year"):
        return date(data["year"], 1, 1), date(data["year"], 12, 31)
    return data["start"], data["end"]


def issue(user, start: date, end: date, now: datetime) -> Certificate:
    """A certificate of the user's verified hours between two Shanghai calendar days, inclusive."""
    profile = volunteers.require_profile(user.id)
    records = hours.verified_between(user.id, *local_day_bounds(start, end))
    if not records:
        raise DomainError(422, "no_verified_hours", _l("There are no verified hours in this period."))
    titles = dict(db.session.execute(
        select(Event.id, Event.title).where(Event.id.in_([r.event_id for r in records]))
    ).all())
    lines = [{"title": titles[r.event_id], "date": f"{r.served_at.astimezone(LOCAL_TZ):%Y-%m-%d}", "minutes": r.minutes}
             for r in records]
    cert = Certificate(
        code=readable.random_code(CODE_LENGTH), user_id=user.id, region_code=profile.home_region_code,
        real_name=profile.real_name,
        issuer=current_app.config.get("CERTIFICATE_ISSUER", DEFAULT_ISSUER), period_start=start, period_end=end,
        total_minutes=sum(r.minutes for r in records), event_count=len(records), lines=lines, issued_at=now,
    )
    db.session.add(cert)
    db.session.flush()
    return cert


def by_code(code: str) -> Certificate:
    cert = db.session.scalar(select(Certificate).where(Certificate.code == code.strip().upper()))
    if cert is None:
        raise DomainError(404, "certificate_not_found", _l("No certificate has this code."))
    return cert


def of_user_query(user_id: int):
    stmt = select(Certificate).where(Certificate.user_id == user_id)
    return stmt.order_by(Certificate.issued_at.desc(), Certificate.id.desc())


def verify_url(base_url: str, code: str) -> str:
    """The public verification page the QR code points at."""
    return f"{base_url.rstrip('/')}/verify/{code}"


def render_pdf(cert: Certificate, base_url: str) -> bytes:
    return pdf.render(cert, verify_url(base_url, cert.code))
