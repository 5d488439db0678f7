"""What the needs service modules share: refusals, locking a need, admins to tell, provider users."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.accounts.models import Role, RoleGrant
from backend.core.db import begin_write, lock_row, not_found
from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import Assignment, Need, ProviderType
from backend.regions.codes import region_covers
from backend.stations.models import Station
from backend.volunteers.models import Team, VolunteerProfile

PROVINCE_CODE = "610000"


def refuse(code: str, field: str | None, message, status: int = 422) -> DomainError:
    return DomainError(status, code, message, {field: [message]} if field else None)


def locked(need: Need) -> Need:
    """The need again, locked for the rest of the transaction (SQLite: the write lock; PostgreSQL: the row),
    read fresh: two admins deciding at once decide one after the other, the second on the first's result."""
    begin_write(db.session)
    fresh = lock_row(db.session, Need, need.id)
    if fresh is None:
        raise not_found(Need)
    return fresh


def admin_user_ids(region_code: str) -> list[int]:
    """The association admins whose own region is exactly `region_code` (those responsible for it)."""
    return list(db.session.scalars(select(RoleGrant.user_id).where(
        RoleGrant.role == Role.association_admin, RoleGrant.region_code == region_code,
    ).order_by(RoleGrant.user_id).distinct()))


def responsible_admin_ids(region_code: str) -> list[int]:
    """The admins of the region, or of the nearest region above it that has one (the province at last)."""
    code = region_code
    while True:
        ids = admin_user_ids(code)
        if ids or code == PROVINCE_CODE:
            return ids
        code = f"{code[:4]}00" if not code.endswith("00") else PROVINCE_CODE


def provider_user_ids(provider_type: ProviderType, provider_id: int) -> list[int]:
    """Who answers and serves for a provider: a team's leader, a station's heads, the volunteer."""
    if provider_type == ProviderType.team:
        return list(db.session.scalars(select(RoleGrant.user_id).where(
            RoleGrant.role == Role.team_leader, RoleGrant.team_id == provider_id).order_by(RoleGrant.user_id)))
    if provider_type == ProviderType.station:
        return list(db.session.scalars(select(RoleGrant.user_id).where(
            RoleGrant.role == Role.station_head, RoleGrant.station_id == provider_id).order_by(RoleGrant.user_id)))
    profile = db.session.get(VolunteerProfile, provider_id)
    return [profile.user_id] if profile else []


def provider_name(provider_type: ProviderType, provider_id: int) -> str:
    if provider_type == ProviderType.team:
        team = db.session.get(Team, provider_id)
        return team.name if team else ""
    if provider_type == ProviderType.station:
        station = db.session.get(Station, provider_id)
        return station.name if station else ""
    profile = db.session.get(VolunteerProfile, provider_id)
    return profile.real_name if profile else ""


def provider_exists(provider_type: ProviderType, provider_id: int) -> bool:
    model = {ProviderType.team: Team, ProviderType.station: Station,
             ProviderType.volunteer: VolunteerProfile}[provider_type]
    return db.session.get(model, provider_id) is not None


def covers(region_code: str, need: Need) -> bool:
    return region_covers(region_code, need.county_code)


def get_need(need_id: int) -> Need:
    from backend.core.db import get_or_404

    return get_or_404(Need, need_id)


def get_assignment(assignment_id: int) -> Assignment:
    from backend.core.db import get_or_404

    return get_or_404(Assignment, assignment_id)


NOT_FOUND_OF = _l("Need not found.")
