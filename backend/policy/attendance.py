"""Rules for check-in, service hours and certificates.

The organiser of an event (an association admin over its county, or its designated contact) runs
check-in and verifies hours: the events rule `event.run_checkin` decides.
"""

from flask_babel import lazy_gettext

from backend.policy import anonymous_allowed, can, is_admin_for, refuse, rule


def _organises(user, event) -> bool:
    return can(user, "event.run_checkin", event)


@rule("attendance.run_checkin")
def run_checkin(user, event) -> bool:
    return _organises(user, event)


@rule("attendance.check_in_by_hand")
def check_in_by_hand(user, entry) -> bool:
    """`entry`: (event, id of the person checked in or out). An organiser, for anyone but themself:
    their own attendance is what the code they scan, or another organiser, vouches for."""
    event, user_id = entry
    if not _organises(user, event):
        return False
    if user_id == user.id:
        refuse("own_checkin_by_hand", lazy_gettext("You cannot check yourself in or out by hand: scan the code, "
                                                   "or ask another organiser."))
    return True


@rule("attendance.verify_hours")
def verify_hours(user, record) -> bool:
    """The event's organisers verify or adjust hours, never the volunteer's own."""
    from backend.events.models import Event
    from backend.extensions import db

    if not _organises(user, db.session.get(Event, record.event_id)):
        return False
    if record.user_id == user.id:
        refuse("own_hours_review", lazy_gettext("You cannot verify or adjust your own service hours: "
                                                "ask another organiser."))
    return True


@rule("attendance.read_hours_history")
def read_hours_history(user, record) -> bool:
    """The volunteer whose hours they are, and the event's organisers."""
    from backend.events.models import Event
    from backend.extensions import db

    return record.user_id == user.id or _organises(user, db.session.get(Event, record.event_id))


@rule("attendance.check_in")
def check_in(user, _obj=None) -> bool:
    """Any logged-in person; the service checks they hold a confirmed place or seat."""
    return True


@rule("certificate.download")
def download_certificate(user, cert) -> bool:
    return cert.user_id == user.id or is_admin_for(user, cert.region_code)


@rule("certificate.verify")
@anonymous_allowed
def verify_certificate(user, cert) -> bool:
    return True
