"""Rules for offers (成果库): a team's leader, a station's head or the volunteer themself publishes and edits
the offers of what they own; admins over the owner's county do it for them. Published offers are public."""

from backend.extensions import db
from backend.policy import anonymous_allowed, heads_station, is_admin_for, leads_team, rule
from backend.stations.models import Station
from backend.volunteers.models import Team, VolunteerProfile

_OWNERS = {"team": Team, "station": Station, "volunteer": VolunteerProfile}


def _owner_county(owner_type: str, owner_id: int) -> str | None:
    owner = db.session.get(_OWNERS[owner_type], owner_id)
    if owner is None:
        return None
    return owner.home_region_code if owner_type == "volunteer" else owner.region_code


def _owns(user, owner_type: str, owner_id: int) -> bool:
    if owner_type == "team":
        return leads_team(user, owner_id)
    if owner_type == "station":
        return heads_station(user, owner_id)
    profile = db.session.get(VolunteerProfile, owner_id)
    return profile is not None and profile.user_id == user.id


@rule("offer.create")
def create_offer(user, owner) -> bool:
    """`owner`: (owner_type value, owner_id) of the offer to publish."""
    owner_type, owner_id = owner
    return _owns(user, owner_type, owner_id) or is_admin_for(user, _owner_county(owner_type, owner_id))


@rule("offer.edit")
def edit_offer(user, offer) -> bool:
    return create_offer(user, (offer.owner_type.value, offer.owner_id))


@rule("offer.read")
@anonymous_allowed
def read_offer(user, offer) -> bool:
    """Published offers are public; a withdrawn one only to those who may edit it."""
    return offer.status.value == "published" or (user is not None and edit_offer(user, offer))
