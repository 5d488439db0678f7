"""Volunteers and their teams."""

import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import TimestampMixin
from backend.extensions import db


class TeamKind(enum.Enum):
    service_team = "service_team"
    tech_manager_team = "tech_manager_team"


class Team(TimestampMixin, db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TeamKind] = mapped_column(Enum(TeamKind, name="team_kind"), nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    #: the team's home county
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.name}>"
