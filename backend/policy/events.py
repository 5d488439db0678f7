"""Who may do what with campaigns, events, sign-ups and reservations.

Association admins act inside their region subtree; an event's designated contact may see its
roster and run its check-in; volunteers act on their own sign-ups; anyone may look at published
events and reserve a resident seat.
"""

from flask_babel import lazy_gettext

from backend.policy import admin_region_codes, anonymous_allowed, is_admin_for, refuse, rule


def _admin_of_event(user, event) -> bool:
    return is_admin_for(user, event.region_code)


def _contact_of(user, event) -> bool:
    return user is not None and event.contact_user_id is not None and event.contact_user_id == user.id


@rule("campaign.create")
def create_campaign(user, region_code) -> bool:
    """obj: the region code of the organising association."""
    return is_admin_for(user, region_code)


@rule("campaign.edit")
def edit_campaign(user, campaign) -> bool:
    return is_admin_for(user, campaign.region_code)


@rule("event.create")
def create_event(user, region_code) -> bool:
    """obj: the county code of the new event."""
    return is_admin_for(user, region_code)


@rule("event.edit")
def edit_event(user, event) -> bool:
    return _admin_of_event(user, event)


@rule("event.move")
def move_event(user, move) -> bool:
    """`move`: (event, new county code). The admin must cover the county it leaves and the one it joins."""
    event, region_code = move
    return edit_event(user, event) and create_event(user, region_code)


@rule("event.list_admin")
def list_for_admin(user, region_code) -> bool:
    """The admin's list of events of every status. obj: the region asked for (None: the whole area);
    a region outside the admin's area is refused with its own code, so the screen can say why."""
    if not admin_region_codes(user):
        return False
    if region_code and not is_admin_for(user, region_code):
        refuse("region_outside_scope", lazy_gettext("This region is outside the area you administer."))
    return True


@rule("event.publish")
def publish_event(user, event) -> bool:
    return _admin_of_event(user, event)


@rule("event.cancel")
def cancel_event(user, event) -> bool:
    return _admin_of_event(user, event)


@rule("event.complete")
def complete_event(user, event) -> bool:
    return _admin_of_event(user, event)


@rule("event.view")
@anonymous_allowed
def view_event(user, event) -> bool:
    """Anyone once published (a cancelled or completed event stays visible); a draft: its admins."""
    return event.published_at is not None or (user is not None and _admin_of_event(user, event))


@rule("event.signup")
def sign_up(user, event) -> bool:
    """Any logged-in volunteer; whether the event takes sign-ups is the service's rule."""
    return user is not None


@rule("event.view_roster")
def view_roster(user, event) -> bool:
    """Sign-ups, waitlists and reservations of an event: its admins and its contact."""
    return _admin_of_event(user, event) or _contact_of(user, event)


@rule("event.see_phones")
def see_phones(user, event) -> bool:
    """Full phone numbers on the roster: only the admins responsible (the contact sees them masked)."""
    return _admin_of_event(user, event)


@rule("event.run_checkin")
def run_checkin(user, event) -> bool:
    """Open the event's check-in QR and check people in: its admins and its designated contact."""
    return _admin_of_event(user, event) or _contact_of(user, event)


@rule("event.reserve")
@anonymous_allowed
def reserve(user, event) -> bool:
    return True


@rule("signup.cancel")
def cancel_signup(user, signup) -> bool:
    return signup.user_id == user.id or _admin_of_event(user, signup.event)


@rule("signup.confirm")
def confirm_signup(user, signup) -> bool:
    return signup.user_id == user.id


@rule("reservation.cancel")
def cancel_reservation(user, reservation) -> bool:
    own = reservation.user_id is not None and reservation.user_id == user.id
    return own or _admin_of_event(user, reservation.event)
