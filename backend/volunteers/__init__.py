"""The volunteers domain.

It tells accounts, which sits below it, the county of a team a `team_leader` grant is scoped to and
whether a user is a volunteer (for /me): the registration pattern, README "Layout". This runs when
the package is first imported.
"""

from sqlalchemy import exists, select

from backend.accounts.models import Role
from backend.accounts.service import SCOPE_REGIONS, USER_FLAGS
from backend.extensions import db
from backend.volunteers.models import Team, VolunteerProfile


def _team_region(team_id: int) -> str | None:
    team = db.session.get(Team, team_id)
    return team.region_code if team else None


def _is_volunteer(user) -> bool:
    """True once the user has filled a volunteer profile."""
    return db.session.scalar(select(exists().where(VolunteerProfile.user_id == user.id)))


SCOPE_REGIONS[Role.team_leader] = _team_region
USER_FLAGS["is_volunteer"] = _is_volunteer
