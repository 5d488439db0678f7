"""Stations: expert workstations, society and agricultural stations, farmer tech associations."""

import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import TimestampMixin
from backend.extensions import db


class StationKind(enum.Enum):
    academician_workstation = "academician_workstation"
    society_station = "society_station"
    agri_expert_station = "agri_expert_station"
    farmer_tech_association = "farmer_tech_association"


class Station(TimestampMixin, db.Model):
    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[StationKind] = mapped_column(Enum(StationKind, name="station_kind"), nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    #: the county the station is in
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)

    def __repr__(self) -> str:
        return f"<Station {self.id} {self.name}>"
