"""Offers (成果库): publishing, editing (audited) and the public catalogue."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, or_, select

from backend.audit import service as audit
from backend.core.db import apply_changes, get_or_404, snapshot
from backend.core.db import not_found as _not_found
from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import Offer, OfferOwner, OfferStatus
from backend.regions.codes import region_prefix
from backend.regions.models import Region, RegionLevel
from backend.stations.models import Station
from backend.volunteers.models import Team, VolunteerProfile

OWNER_MODELS = {OfferOwner.team: Team, OfferOwner.station: Station, OfferOwner.volunteer: VolunteerProfile}
_AUDITED = ("title", "fields", "industries", "region_code", "description", "status")


def get_offer(offer_id: int) -> Offer:
    return get_or_404(Offer, offer_id)


def not_found() -> DomainError:
    return _not_found(Offer)


def owner_of(owner_type: OfferOwner, owner_id: int):
    """The team, station or volunteer profile that owns an offer, or 404 `owner_not_found` on `owner_id`."""
    owner = db.session.get(OWNER_MODELS[owner_type], owner_id) if 0 < owner_id < 2**31 else None
    if owner is None:
        message = _l("The offer's owner was not found.")
        raise DomainError(404, "owner_not_found", message, {"owner_id": [message]})
    return owner


def owner_names(offers) -> dict[tuple[OfferOwner, int], str]:
    """{(owner_type, owner_id): name} for a page of offers, one query per kind of owner."""
    names = {}
    for owner_type, model in OWNER_MODELS.items():
        ids = {o.owner_id for o in offers if o.owner_type == owner_type}
        if not ids:
            continue
        name = model.real_name if owner_type == OfferOwner.volunteer else model.name
        rows = db.session.execute(select(model.id, name).where(model.id.in_(ids)))
        names.update({(owner_type, i): n for i, n in rows})
    return names


def _check_region(code: str) -> None:
    region = db.session.get(Region, code)
    if region is None or region.level == RegionLevel.township:
        message = _l("Choose the province, a city or a county.")
        raise DomainError(422, "region_not_served", message, {"region_code": [message]})


def _plain(data: dict) -> dict:
    if "fields" in data:
        data = {**data, "fields": [f.value for f in data["fields"]]}
    return data


def create(data: dict, actor) -> Offer:
    owner = owner_of(data["owner_type"], data["owner_id"])
    _check_region(data["region_code"])
    offer = Offer(**_plain(data), created_by_id=actor.id)
    db.session.add(offer)
    db.session.flush()
    audit.record(actor, "offer.create", "offer", offer.id, _owner_county(owner), None, snapshot(offer, _AUDITED))
    return offer


def _owner_county(owner) -> str:
    return owner.home_region_code if isinstance(owner, VolunteerProfile) else owner.region_code


def update(offer: Offer, data: dict, actor) -> Offer:
    data = _plain(data)
    if "region_code" in data:
        _check_region(data["region_code"])
    changes = apply_changes(offer, data)
    if changes:
        owner = owner_of(offer.owner_type, offer.owner_id)
        audit.record(actor, "offer.update", "offer", offer.id, _owner_county(owner), *changes)
    return offer


def serves(region_code: str):
    """SQL: the offer serves this region: its region served is the region, lies in it, or contains it."""
    ancestors = {region_code, f"{region_code[:4]}00", f"{region_code[:2]}0000"}
    return or_(Offer.region_code.startswith(region_prefix(region_code)), Offer.region_code.in_(ancestors))


def has_field(field_column, field_value: str):
    """SQL: a JSON list of Field values holds this one (its JSON text, the same on both databases)."""
    return cast(field_column, String).contains(f'"{field_value}"', autoescape=True)


def catalogue_query(q: str | None = None, field=None, region_code: str | None = None,
                    status: OfferStatus = OfferStatus.published):
    """The catalogue, newest first: by words (title, description, industries), field and region served."""
    stmt = select(Offer).where(Offer.status == status)
    if q:
        stmt = stmt.where(or_(Offer.title.contains(q, autoescape=True), Offer.description.contains(q, autoescape=True),
                              Offer.industry_text.contains(q, autoescape=True)))
    if field is not None:
        stmt = stmt.where(has_field(Offer.fields, field.value))
    if region_code:
        stmt = stmt.where(serves(region_code))
    return stmt.order_by(Offer.created_at.desc(), Offer.id.desc())
