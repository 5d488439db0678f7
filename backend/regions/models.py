"""Administrative divisions of Shaanxi (GB/T 2260 codes), down to the township."""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Enum, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import RecordName
from backend.extensions import db


class RegionLevel(enum.Enum):
    province = "province"
    prefecture = "prefecture"
    county = "county"
    township = "township"


class Zone(enum.Enum):
    guanzhong = "guanzhong"
    shanbei = "shanbei"
    shannan = "shannan"


class Region(db.Model):
    __tablename__ = "regions"
    __record__ = RecordName("region", _l("Region not found."))

    #: 6-digit code for province, prefecture and county; 12-digit NBS code for a township
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    name_en: Mapped[str] = mapped_column(String(128), nullable=False)
    #: lower-case pinyin without spaces, apostrophes or suffix, for prefix search ("zhouzhi")
    pinyin: Mapped[str] = mapped_column(String(128), nullable=False, index=True)
    level: Mapped[RegionLevel] = mapped_column(Enum(RegionLevel, name="region_level"), nullable=False, index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), nullable=True, index=True)
    zone: Mapped[Zone | None] = mapped_column(Enum(Zone, name="zone"), nullable=True)
    #: WGS-84 degrees
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lng: Mapped[float] = mapped_column(Float, nullable=False)
    #: true where the gazetteer has no point and the county's point stands in
    is_approximate: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    parent: Mapped["Region | None"] = relationship(remote_side=[code], back_populates="children")
    children: Mapped[list["Region"]] = relationship(back_populates="parent")

    def parent_names(self) -> list[str]:
        """The names of the regions above this one, from the top, the province left out (西安市, 周至县)."""
        names, parent = [], self.parent
        while parent is not None and parent.level != RegionLevel.province:
            names.insert(0, parent.name)
            parent = parent.parent
        return names

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"


class Association(db.Model):
    """A science and technology association (科协) of the province, a city or a county."""

    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the region it serves; one association per region
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)

    region: Mapped[Region] = relationship()

    def __repr__(self) -> str:
        return f"<Association {self.id} {self.name}>"
