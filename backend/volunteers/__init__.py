"""The volunteers domain.

It tells accounts, which sits below it, the county of a team a `team_leader` grant is scoped to and
whether a user is a volunteer (for /me): the registration pattern, README "Layout". This runs when
the package is first imported.
"""

from sqlalchemy import exists, or_, select

from backend.accounts.models import Role, RoleGrant
from backend.accounts.service import AREA_PEOPLE, SCOPE_REGIONS, USER_FLAGS
from backend.extensions import db
from backend.volunteers.models import Team, VolunteerProfile


def _team_region(team_id: int) -> str | None:
    team = db.session.get(Team, team_id)
    return team.region_code if team else None


def _is_volunteer(user) -> bool:
    """True once the user has filled a volunteer profile."""
    return db.session.scalar(select(exists().where(VolunteerProfile.user_id == user.id)))


def _volunteers_in(prefixes: list[str]):
    """Volunteers whose home county lies under one of the prefixes."""
    return select(VolunteerProfile.user_id).where(
        or_(*(VolunteerProfile.home_region_code.startswith(p) for p in prefixes)))


def _leaders_in(prefixes: list[str]):
    """Team leaders whose team lies under one of the prefixes."""
    return select(RoleGrant.user_id).join(Team, Team.id == RoleGrant.team_id).where(
        RoleGrant.role == Role.team_leader, or_(*(Team.region_code.startswith(p) for p in prefixes)))


SCOPE_REGIONS[Role.team_leader] = _team_region
AREA_PEOPLE.extend((_volunteers_in, _leaders_in))
USER_FLAGS["is_volunteer"] = _is_volunteer
