"""Offers (成果库): what a team, a station or an expert volunteer can do, published for needs to find.

A public catalogue: a technology, a result ready for transfer, a service package. Its owner is a team,
a station or a volunteer profile (`owner_type`, `owner_id`); it serves a region (the province, a city or
a county) and lists the volunteers' fields it belongs to and industry keywords (猕猴桃, 苹果, 茶叶).
Needs' suggestions (needs.service.matching) read the offers serving the need's county or a region above it.
"""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from backend.core.db import RecordName, TimestampMixin
from backend.extensions import db


class OfferOwner(enum.Enum):
    team = "team"
    station = "station"
    volunteer = "volunteer"


class OfferStatus(enum.Enum):
    published = "published"
    withdrawn = "withdrawn"


class Offer(TimestampMixin, db.Model):
    __tablename__ = "offers"
    __record__ = RecordName("offer", _l("Offer not found."))
    # suggestions read the published offers of a few regions (the need's county, its city, the province)
    __table_args__ = (Index("ix_offers_status_region", "status", "region_code"),
                      Index("ix_offers_owner", "owner_type", "owner_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[OfferOwner] = mapped_column(Enum(OfferOwner, name="offer_owner"), nullable=False)
    #: the team's, station's or volunteer profile's id
    owner_id: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(128), nullable=False)
    #: volunteers' Field values, e.g. ["fruit_tea"]
    fields: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: industry keywords, e.g. ["猕猴桃", "溃疡病"]
    industries: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: the industry keywords as one line of text (JSON stores them escaped): searched with LIKE, kept by the model
    industry_text: Mapped[str] = mapped_column(String(800), nullable=False, default="")
    #: the region served: the province (610000), a city or a county
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[OfferStatus] = mapped_column(Enum(OfferStatus, name="offer_status"), nullable=False,
                                                default=OfferStatus.published)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    @validates("industries")
    def _keep_industry_text(self, key: str, value: list) -> list:
        self.industry_text = " ".join(value or [])
        return value

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.owner_type.value}:{self.owner_id} {self.title}>"
