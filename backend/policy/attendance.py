"""Rules for check-in, service hours and certificates.

The organiser of an event (an association admin over its county, or its designated contact) runs
check-in and verifies hours: the events rule `event.run_checkin` decides.
"""

from backend.policy import anonymous_allowed, can, is_admin_for, rule


def _organises(user, event) -> bool:
    return can(user, "event.run_checkin", event)


@rule("attendance.run_checkin")
def run_checkin(user, event) -> bool:
    return _organises(user, event)


@rule("attendance.verify_hours")
def verify_hours(user, record) -> bool:
    from backend.events.service import get_event

    return _organises(user, get_event(record.event_id))


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
