"""Volunteers, their profiles and their teams (科技服务队, 技术经理人团队)."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Enum,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import Role, RoleGrant
from backend.core.db import RecordName, TimestampMixin, UTCDateTime
from backend.core.nearby import cell_column, keep_cell
from backend.extensions import db


class Field(enum.Enum):
    """Fields of expertise, a fixed list; Chinese labels in FIELD_LABELS."""

    planting = "planting"
    fruit_tea = "fruit_tea"
    animal_husbandry = "animal_husbandry"
    forestry = "forestry"
    medicine_health = "medicine_health"
    emergency_safety = "emergency_safety"
    ecommerce_it = "ecommerce_it"
    education_science = "education_science"
    energy_chemicals = "energy_chemicals"
    new_materials = "new_materials"
    advanced_manufacturing = "advanced_manufacturing"
    finance_law = "finance_law"


FIELD_LABELS: dict[Field, tuple[str, str]] = {
    Field.planting: ("种植业", "Planting"),
    Field.fruit_tea: ("果业与茶叶", "Fruit and tea"),
    Field.animal_husbandry: ("畜牧养殖", "Animal husbandry"),
    Field.forestry: ("林业", "Forestry"),
    Field.medicine_health: ("医药卫生", "Medicine and health"),
    Field.emergency_safety: ("应急与安全", "Emergency and safety"),
    Field.ecommerce_it: ("电子商务与信息技术", "E-commerce and IT"),
    Field.education_science: ("教育与科普", "Education and popular science"),
    Field.energy_chemicals: ("能源化工", "Energy and chemicals"),
    Field.new_materials: ("新材料", "New materials"),
    Field.advanced_manufacturing: ("先进制造", "Advanced manufacturing"),
    Field.finance_law: ("金融与法律", "Finance and law"),
}


class DayPart(enum.Enum):
    morning = "morning"
    afternoon = "afternoon"
    evening = "evening"


class AffiliationKind(enum.Enum):
    society = "society"
    university = "university"
    enterprise = "enterprise"
    other = "other"


class TeamKind(enum.Enum):
    service_team = "service_team"
    tech_manager_team = "tech_manager_team"


class JoinRequestStatus(enum.Enum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class VolunteerProfile(TimestampMixin, db.Model):
    """What makes a user a volunteer. Private: only the person and the admins over their county read it."""

    __tablename__ = "volunteer_profiles"
    __record__ = RecordName("volunteer", _l("Volunteer not found."))
    # The admins' search by distance and the needs' suggestions: the grid cells the circle covers (core.nearby);
    # the point rides along, so the box and the flat distance are read from the index, not from each row.
    # Each field row keeps a copy of the cell (VolunteerField.cell), which the database keeps true: a foreign
    # key to (id, cell) that cascades updates, so (id, cell) is unique.
    __table_args__ = (Index("ix_volunteer_profiles_cell_point", "cell", "home_lat", "home_lng"),
                      Index("ix_volunteer_profiles_id_cell", "id", "cell", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    #: the name printed on certificates (the user's display name may be a nickname)
    real_name: Mapped[str] = mapped_column(String(64), nullable=False)
    #: free tags, e.g. ["猕猴桃嫁接", "无人机植保"]
    skills: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    home_region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: the township (12-digit code) within the home county, where the volunteer said which
    home_township_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), nullable=True)
    #: home location, personal data: admins in scope only; WGS-84 degrees
    home_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    home_lng: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: the nearby search's grid cell of the home point, null without one; kept by the model (core.nearby)
    cell: Mapped[int | None] = cell_column("home_lat", "home_lng", nullable=True)
    #: bit (weekday - 1) set for each ISO weekday (Monday = 1) the volunteer is usually available
    weekday_mask: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: bit i set for the i-th DayPart (morning, afternoon, evening) usually available
    daypart_mask: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    affiliation: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    affiliation_kind: Mapped[AffiliationKind | None] = mapped_column(
        Enum(AffiliationKind, name="affiliation_kind"), nullable=True
    )

    fields: Mapped[list["VolunteerField"]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="VolunteerField.field",
        foreign_keys="VolunteerField.profile_id",
    )
    user = relationship("User")
    home_region = relationship("Region", foreign_keys=[home_region_code])
    home_township = relationship("Region", foreign_keys=[home_township_code])

    _keep_cell = keep_cell("home_lat", "home_lng")

    def __repr__(self) -> str:
        return f"<VolunteerProfile {self.id} user={self.user_id}>"


class VolunteerField(db.Model):
    """One field of expertise of one volunteer: a row each so that admins can search by field.

    The row keeps its volunteer's grid cell (core.nearby), so that the volunteers of a field near a point are
    found by one index (field, cell), without reading every volunteer of the circle to ask their fields (the
    needs' suggestions: BENCHMARKS.md). The profile gives the copy to its rows (below): a row joining its
    `fields` takes its cell, and a new cell goes to every row. The database guards it: the foreign key to the
    profile's (id, cell) refuses a row with another cell and cascades a move made in SQL alone. (A row without
    a cell references no (id, cell), so the key alone could not carry a volunteer's first home point; a bulk
    load gives the cells itself, as grid_cell of the home point.)"""

    __tablename__ = "volunteer_fields"
    __table_args__ = (
        ForeignKeyConstraint(["profile_id", "cell"], ["volunteer_profiles.id", "volunteer_profiles.cell"],
                             onupdate="CASCADE", ondelete="CASCADE", name="fk_volunteer_fields_profile_cell"),
        Index("ix_volunteer_fields_field_cell", "field", "cell"),
    )

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[Field] = mapped_column(Enum(Field, name="expertise_field"), primary_key=True)
    #: the profile's `cell`, null where it has no home point
    cell: Mapped[int | None] = mapped_column(Integer, nullable=True)

    profile: Mapped[VolunteerProfile] = relationship(back_populates="fields", foreign_keys=[profile_id])

    def __repr__(self) -> str:
        return f"<VolunteerField {self.profile_id} {self.field.value}>"


@event.listens_for(VolunteerProfile.cell, "set")
def _rows_follow_the_profiles_cell(profile: VolunteerProfile, cell: int | None, _old, _initiator) -> None:
    """A profile whose cell is set (core.nearby.keep_cell) sets its field rows' (the flush writes the profile
    first, so the key accepts them)."""
    for row in profile.fields:
        row.cell = cell


@event.listens_for(VolunteerProfile.fields, "append")
def _a_new_row_takes_the_profiles_cell(profile: VolunteerProfile, row: "VolunteerField", _initiator) -> None:
    row.cell = profile.cell


class Team(TimestampMixin, db.Model):
    """A 科技服务队 or 技术经理人团队. Its leader holds the `team_leader` role grant for it."""

    __tablename__ = "teams"
    __record__ = RecordName("team", _l("Team not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TeamKind] = mapped_column(Enum(TeamKind, name="team_kind"), nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    #: the team's home county
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: Field values, e.g. ["planting", "fruit_tea"]
    fields: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    memberships: Mapped[list["TeamMembership"]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="TeamMembership.id"
    )
    #: the team_leader grant(s) for this team: read-only, so a list can load every team's leader at once
    leader_grants: Mapped[list[RoleGrant]] = relationship(
        primaryjoin=lambda: and_(RoleGrant.team_id == Team.id, RoleGrant.role == Role.team_leader),
        foreign_keys=lambda: [RoleGrant.team_id], viewonly=True,
    )

    @property
    def leader_user_id(self) -> int | None:
        return self.leader_grants[0].user_id if self.leader_grants else None

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.name}>"


class TeamMembership(TimestampMixin, db.Model):
    """A current member of a team (the leader is a member too). Leaving deletes the row."""

    __tablename__ = "team_memberships"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user = relationship("User")

    def __repr__(self) -> str:
        return f"<TeamMembership team={self.team_id} user={self.user_id}>"


class JoinRequest(TimestampMixin, db.Model):
    """A volunteer's request to join a team, decided by its leader or an admin in scope."""

    __tablename__ = "team_join_requests"
    __record__ = RecordName("join_request", _l("Join request not found."))
    __table_args__ = (
        # at most one open request per person and team, on both databases
        Index(
            "uq_team_join_requests_open", "team_id", "user_id", unique=True,
            sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    status: Mapped[JoinRequestStatus] = mapped_column(
        Enum(JoinRequestStatus, name="join_request_status"), nullable=False, default=JoinRequestStatus.pending
    )
    message: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    team: Mapped[Team] = relationship()
    user = relationship("User", foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<JoinRequest {self.id} team={self.team_id} user={self.user_id} {self.status.value}>"
