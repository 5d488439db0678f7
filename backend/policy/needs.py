"""Who may do what with needs of the needs board.

Actors: the asker; the association admins over the region that handles the need (its county's, or,
once referred up or fallen to the province, the city's or the province's; an admin higher up covers
the regions below); the provider assigned (a team's leader, a station's head, the volunteer):
"offered" until they answer, "serving" once they accepted; anyone logged in (follows a public need).
Whether the need's state allows an action is the service's table (needs.service.lifecycle); a view
asks both to list what a viewer may do now.
"""

from sqlalchemy import select

from backend.extensions import db
from backend.needs.models import (
    ACTIVE_ASSIGNMENT,
    OPEN_STATUSES,
    Assignment,
    AssignmentStatus,
    NeedFollower,
    NeedStatus,
    ProviderType,
)
from backend.policy import heads_station, is_admin_for, leads_team, rule
from backend.volunteers.models import VolunteerProfile

#: shown to anyone once triaged as worth serving (and the asker let it be public)
_PUBLIC_STATUSES = (NeedStatus.accepted, NeedStatus.matched, NeedStatus.in_service, NeedStatus.resolved,
                    NeedStatus.closed)


def answers_for(user, assignment: Assignment) -> bool:
    """Does the user answer for the assignment's provider?"""
    if assignment.provider_type == ProviderType.team:
        return leads_team(user, assignment.provider_id)
    if assignment.provider_type == ProviderType.station:
        return heads_station(user, assignment.provider_id)
    return db.session.scalar(select(VolunteerProfile.user_id).where(
        VolunteerProfile.id == assignment.provider_id)) == user.id


def _provider(user, need, statuses) -> bool:
    return any(a.status in statuses and answers_for(user, a) for a in need.assignments)


def handles(user, need) -> bool:
    """An admin over the region that handles the need now."""
    return is_admin_for(user, need.handling_region_code)


def _serving(user, need) -> bool:
    return _provider(user, need, (AssignmentStatus.accepted,))


def _follows(user, need) -> bool:
    return db.session.get(NeedFollower, (need.id, user.id)) is not None


@rule("need.view")
def view(user, need) -> bool:
    return (is_admin_for(user, need.county_code) or handles(user, need) or need.asker_id == user.id
            or (need.is_public and need.status in _PUBLIC_STATUSES) or _follows(user, need)
            or _provider(user, need, tuple(AssignmentStatus)))


@rule("need.see_asker")
def see_asker(user, need) -> bool:
    """The asker's name and phone: the admins over the need's county, the asker, and its assigned providers
    while the need is open."""
    if is_admin_for(user, need.county_code) or need.asker_id == user.id:
        return True
    return need.status in OPEN_STATUSES and _provider(user, need, ACTIVE_ASSIGNMENT)


@rule("need.list")
def list_needs(user, region_code) -> bool:
    """`region_code`: the area whose needs are listed."""
    return is_admin_for(user, region_code)


@rule("need.read_figures")
def read_figures(user, region_code) -> bool:
    return is_admin_for(user, region_code)


@rule("need.accept")
def accept(user, need) -> bool:
    return handles(user, need)


@rule("need.refuse")
def refuse_need(user, need) -> bool:
    return handles(user, need)


@rule("need.duplicate")
def duplicate(user, need) -> bool:
    return handles(user, need)


@rule("need.refer")
def refer(user, need) -> bool:
    return handles(user, need)


@rule("need.assign")
def assign(user, need) -> bool:
    return handles(user, need)


@rule("need.provider_accept")
def provider_accept(user, need) -> bool:
    """On the need: the user has an assignment of it still waiting for their answer."""
    return _provider(user, need, (AssignmentStatus.offered,))


@rule("need.provider_decline")
def provider_decline(user, need) -> bool:
    return _provider(user, need, (AssignmentStatus.offered,))


@rule("assignment.answer")
def answer_assignment(user, assignment) -> bool:
    """Accept or decline one assignment: whoever answers for its provider."""
    return answers_for(user, assignment)


@rule("need.note")
def note(user, need) -> bool:
    return handles(user, need) or _serving(user, need)


@rule("need.link_service")
def link_service(user, need) -> bool:
    return _serving(user, need)


@rule("need.create_event")
def create_event(user, need) -> bool:
    return _serving(user, need)


@rule("need.resolve")
def resolve(user, need) -> bool:
    return _serving(user, need) or handles(user, need)


@rule("need.answer")
def answer(user, need) -> bool:
    return need.asker_id == user.id


@rule("need.follow")
def follow(user, need) -> bool:
    return need.asker_id != user.id and not _follows(user, need) and view(user, need)


@rule("need.unfollow")
def unfollow(user, need) -> bool:
    return _follows(user, need)


@rule("need.add_photo")
def add_photo(user, need) -> bool:
    """`need`: the need the photo belongs to, or None while it has not arrived (anyone logged in may raise one)."""
    return need is None or need.asker_id == user.id


@rule("need.read_photo")
def read_photo(user, photo) -> bool:
    if photo.need is None:
        return photo.uploaded_by_id == user.id
    return view(user, photo.need)
