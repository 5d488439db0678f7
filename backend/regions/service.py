"""Regions: the gazetteer, search by code, name or pinyin, and the region tree."""

import csv
import re
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from backend.audit import service as audit
from backend.core.db import get_or_404
from backend.core.errors import DomainError
from backend.core.geo import geodesic_km
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.regions.models import Association, Region, RegionLevel, Zone

DATA_DIR = Path(__file__).parent / "data"
_SUFFIXES = re.compile(r"\s+(District|County|City|Town|Township|Subdistrict|Hui Town)$")


def pinyin_key(name_en: str) -> str:
    """'Zhouzhi County' → 'zhouzhi'; "Chang'an District" → 'changan'."""
    stem = _SUFFIXES.sub("", name_en.strip())
    return re.sub(r"[^a-zü]", "", stem.lower()).replace("ü", "v")


def _rows():
    with open(DATA_DIR / "shaanxi_divisions.csv", encoding="utf-8") as f:
        divisions = list(csv.DictReader(f))
    with open(DATA_DIR / "shaanxi_townships.csv", encoding="utf-8") as f:
        townships = list(csv.DictReader(f))
    by_code = {row["code"]: row for row in divisions}
    for row in divisions:
        yield {
            "code": row["code"], "name": row["name"], "name_en": row["name_en"],
            "pinyin": pinyin_key(row["name_en"]), "level": RegionLevel(row["level"]),
            "parent_code": row["parent_code"] or None,
            "zone": Zone(row["region"]) if row["region"] else None,
            "lat": float(row["lat"]), "lng": float(row["lng"]), "is_approximate": False,
        }
    for row in townships:
        county = by_code[row["parent_code"]]
        approximate = not row["lat"]
        yield {
            "code": row["code"], "name": row["name"], "name_en": row["name_en"],
            "pinyin": pinyin_key(row["name_en"]), "level": RegionLevel.township,
            "parent_code": row["parent_code"], "zone": Zone(county["region"]),
            "lat": float(county["lat"] if approximate else row["lat"]),
            "lng": float(county["lng"] if approximate else row["lng"]),
            "is_approximate": approximate,
        }


def load_gazetteer() -> tuple[int, int]:
    """Insert missing regions and update changed ones; pilot flags are kept. Returns (added, updated)."""
    existing = {r.code: r for r in db.session.scalars(select(Region))}
    added = updated = 0
    for row in _rows():
        region = existing.get(row["code"])
        if region is None:
            db.session.add(Region(**row))
            added += 1
            continue
        changed = {k: v for k, v in row.items() if getattr(region, k) != v}
        for key, value in changed.items():
            setattr(region, key, value)
        updated += bool(changed)
    db.session.flush()
    return added, updated


def get_region(code: str) -> Region:
    return get_or_404(Region, code, field="region_code")


def names_of(codes) -> dict[str, str]:
    """{code: Chinese name} of the given region codes, in one query (unknown codes are left out)."""
    codes = set(codes)
    if not codes:
        return {}
    return dict(db.session.execute(select(Region.code, Region.name).where(Region.code.in_(codes))).all())


def nearest_township(region_code: str, lat: float, lng: float) -> Region | None:
    """The gazetteer's township nearest the point (by the geodesic), among those under the region."""
    townships = db.session.scalars(select(Region).where(
        Region.level == RegionLevel.township, Region.code.startswith(region_prefix(region_code)))).all()
    if not townships:
        return None
    kms = geodesic_km(lat, lng, [(t.lat, t.lng) for t in townships])
    return min(zip(kms, townships, strict=True), key=lambda pair: (pair[0], pair[1].code))[1]


def search_query(q: str | None = None, level: RegionLevel | None = None, parent_code: str | None = None,
                 is_pilot: bool | None = None):
    """A select of regions matching a code, a Chinese name (substring) or a pinyin prefix; `is_pilot`
    True or False keeps only the pilot counties or only the others (None: both)."""
    # Each row names its county and city (RegionOut.parent_names): both loaded with the page, not per row.
    stmt = select(Region).options(selectinload(Region.parent).selectinload(Region.parent))
    if q:
        q = q.strip()
        key = re.sub(r"[^a-z]", "", q.lower())
        conditions = [Region.code == q, Region.name.contains(q, autoescape=True)]
        if key:
            conditions.append(Region.pinyin.startswith(key, autoescape=True))
        stmt = stmt.where(or_(*conditions))
    if level is not None:
        stmt = stmt.where(Region.level == level)
    if parent_code:
        stmt = stmt.where(Region.parent_code == parent_code)
    if is_pilot is not None:
        stmt = stmt.where(Region.is_pilot == is_pilot)
    # Shorter names first: 周至县 before 周至县某镇; then by code for a stable order.
    return stmt.order_by(func.length(Region.code), func.length(Region.name), Region.code)


def set_pilot(region: Region, is_pilot: bool, actor) -> Region:
    """Mark a county as a pilot county (试点地区), or unmark it; written to the audit trail."""
    if region.level != RegionLevel.county:
        raise DomainError(422, "not_a_county", _l("Only a county can be a pilot region."),
                          {"is_pilot": [_l("Only a county can be a pilot region.")]})
    if region.is_pilot == is_pilot:
        return region
    before = {"is_pilot": region.is_pilot}
    region.is_pilot = is_pilot
    db.session.flush()
    audit.record(actor, "region.mark_pilot", "region", region.code, region.code, before, {"is_pilot": is_pilot})
    return region


def association_for(region_code: str) -> Association:
    """The association responsible for a region: its own, or the nearest one up the tree.

    A county with no association of its own record falls to its city's, then the province's; where
    none is recorded at all, an unsaved one named after the province stands in.
    """
    code = region_code[:6]
    candidates = [code, code[:4] + "00", code[:2] + "0000"]
    rows = db.session.scalars(select(Association).where(Association.region_code.in_(candidates)))
    found = {a.region_code: a for a in rows}
    for candidate in candidates:
        if candidate in found:
            return found[candidate]
    return Association(region_code=candidates[-1], name="陕西省科学技术协会")


def ensure_association(region_code: str, name: str | None = None) -> Association:
    """Create the association of a region if it has none (idempotent); named 某某科学技术协会 by default."""
    existing = db.session.scalar(select(Association).where(Association.region_code == region_code))
    if existing is not None:
        return existing
    region = get_region(region_code)
    association = Association(region_code=region_code, name=name or f"{region.name}科学技术协会")
    db.session.add(association)
    db.session.flush()
    return association
