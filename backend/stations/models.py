"""Stations: expert workstations, society and agricultural stations, farmer tech associations."""

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, Enum, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import RecordName, TimestampMixin
from backend.core.nearby import cell_column, keep_cell
from backend.extensions import db


class StationKind(enum.Enum):
    academician_workstation = "academician_workstation"
    society_station = "society_station"
    agri_expert_station = "agri_expert_station"
    farmer_tech_association = "farmer_tech_association"


class StationStatus(enum.Enum):
    active = "active"
    suspended = "suspended"


class Station(TimestampMixin, db.Model):
    __tablename__ = "stations"
    __record__ = RecordName("station", _l("Station not found."))
    # The nearby search: active, in the grid cells the circle covers; lat and lng ride along.
    __table_args__ = (Index("ix_stations_status_cell", "status", "cell", "lat", "lng"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[StationKind] = mapped_column(Enum(StationKind, name="station_kind"), nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    #: the county the station is in
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: the enterprise, cooperative or township that hosts the station
    host_organisation: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    #: postal address of the station (an organisation's address, not a person's home)
    address: Mapped[str] = mapped_column(String(256), nullable=False, default="")
    #: WGS-84 degrees. Nullable only for stations registered before their position was surveyed: they
    #: are left out of "nearby" and of the distance plausibility check.
    lat: Mapped[float | None] = mapped_column(Float, nullable=True, index=True)
    lng: Mapped[float | None] = mapped_column(Float, nullable=True, index=True)
    #: the nearby search's grid cell of (lat, lng), null without a position; kept by the model (core.nearby)
    cell: Mapped[int | None] = cell_column(nullable=True)
    #: free-text fields such as "猕猴桃栽培", "中医"
    fields_of_expertise: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    established_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: a suspended station is hidden from the public directory; its field logs still sync
    status: Mapped[StationStatus] = mapped_column(
        Enum(StationStatus, name="station_status"), nullable=False, default=StationStatus.active, index=True
    )

    _keep_cell = keep_cell()

    def __repr__(self) -> str:
        return f"<Station {self.id} {self.name}>"
