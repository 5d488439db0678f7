"""Suggestions for a need (供需对接): teams, stations, volunteers (the talent pool) and offers, ranked, each with
the reasons of its rank spelled out.

A query, not a loop over everyone. SQL chooses the candidates, at most a few hundred:
- volunteers of the need's field: the nearest by their home point (core.nearby's grid search), and those
  without a home point in the need's county (standing at its point);
- teams of the field in the nearest counties (a team stands at its county's point);
- active stations, the nearest (their expertise is free text: read by words, not by a field key);
- published offers serving the need's county, its city or the province, of the field or the industry.
Four statements a suggestion most often, however many providers: the grid's rounds for volunteers (most
often two, three at most per circle) and for stations (one: their whole circle), then one for the rest (the
volunteers without a home point, the teams, the offers, and every candidate's load and ratings).
Python then scores each: field match, distance (core.geo's geodesic), load (assignments in hand), past
satisfaction (the askers' ratings of the needs it served) and word overlap between the need and the
provider's text (rapidfuzz on the industry keyword and on character bigrams: Chinese has no spaces).

A volunteer's home point decides the distance and is never shown: the distance is given in whole km.
"""

import math
from dataclasses import dataclass
from dataclasses import field as dc_field

from flask_babel import get_translations
from rapidfuzz import fuzz
from sqlalchemy import (
    Boolean,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY

from backend.core.geo import geodesic_km
from backend.core.nearby import GeoColumns, NearbySearch
from backend.extensions import db
from backend.needs.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    Need,
    NeedAnswer,
    Offer,
    OfferStatus,
    ProviderType,
)
from backend.regions.models import Region, RegionLevel
from backend.stations.models import Station, StationStatus
from backend.volunteers.models import FIELD_LABELS, Field, Team, VolunteerField, VolunteerProfile

#: how far a provider is looked for (a need in 周至 may be served from 西安, not from 榆林)
RADIUS_KM = 150.0
#: volunteers and stations are first looked for this near (the grid reads a few cells), farther only when
#: fewer than MIN_NEAR are found
NEAR_KM, MIN_NEAR = 60.0, 5
#: at most this many candidates of each kind are read and scored
VOLUNTEERS, TEAMS, STATIONS, OFFERS = 24, 40, 20, 60
#: nearness counts for e^(−km / this): 1 at the door, ½ at 21 km, ⅛ at 62 km (a visit takes a day beyond)
DISTANCE_SCALE_KM = 30.0
#: the weights of a score of 100
W_FIELD, W_DISTANCE, W_LOAD, W_SATISFACTION, W_WORDS = 40.0, 25.0, 15.0, 10.0, 10.0
#: an offer serving the county, its city or the whole province stands this near (it has no point of its own)
_OFFER_REACH = {6: 1.0, 4: 0.6, 2: 0.4}


@dataclass(frozen=True)
class NeedProfile:
    """What matching reads of a need."""

    kind: str
    field: str
    industry: str
    text: str
    lat: float
    lng: float
    county_code: str
    need_id: int | None = None

    @classmethod
    def of(cls, need: Need) -> "NeedProfile":
        return cls(need.kind.value, need.field, need.industry, f"{need.title} {need.description}", need.lat, need.lng,
                   need.county_code, need.id)


@dataclass
class Candidate:
    provider_type: str  # team | station | volunteer | offer
    provider_id: int
    name: str
    km: float | None
    text: str
    field_match: float  # 0 … 1
    #: whose load and ratings count: (provider type, id); an offer's are its owner's
    owner: tuple[str, int] = (None, None)
    reach: float | None = None  # offers: how near the region served is
    load: int = 0
    ratings: tuple[int, int] = (0, 0)  # (sum, count)
    score: float = 0.0
    overlap: float = 0.0
    mentions: bool = False
    reasons: list = dc_field(default_factory=list)


def suggest(need: NeedProfile, limit: int = 20) -> list[dict]:
    """The best `limit` providers for the need, best first (ties by kind and id), with their reasons."""
    near = _volunteers(need) + _stations(need)
    candidates = near + _the_rest_with_load(need, _counties_by_distance(need), near)
    return _ranked(candidates, need, limit)


def _ranked(candidates: list["Candidate"], need: NeedProfile, limit: int) -> list[dict]:
    """Scored and sorted; each candidate's load and ratings already read."""
    words = _Words(need)
    for candidate in candidates:
        _score(candidate, words)
    candidates.sort(key=lambda c: (-c.score, c.provider_type, c.provider_id))
    shown = candidates[:limit]
    reader = _reader()
    for candidate in shown:  # the reasons, in the reader's language, of the shown only
        _explain(candidate, words, reader)
    return [_shown(c) for c in shown]


def _reader():
    """gettext in the reader's language, its catalogue looked up once for a list (flask_babel's gettext looks
    up the locale and the catalogue at every call: a list of 20 has some 70 reasons)."""
    translations = get_translations()

    def gettext(string: str, **variables) -> str:
        translated = translations.ugettext(string)
        return translated % variables if variables else translated

    return gettext


# --- candidates (SQL) -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    code: str
    lat: float
    lng: float


_county_points: list = []


def _counties() -> list:
    """(code, lat, lng) of every county: the gazetteer's, read once per process (it changes with a release)."""
    if not _county_points:
        _county_points.extend(tuple(r) for r in db.session.execute(
            select(Region.code, Region.lat, Region.lng).where(Region.level == RegionLevel.county)))
    return _county_points


def _counties_by_distance(need: NeedProfile) -> list[tuple[str, float, float, float]]:
    """[(code, lat, lng, km)] of the counties within the radius, nearest first."""
    rows = [_Point(*r) for r in _counties()]
    kms = geodesic_km(need.lat, need.lng, [(r.lat, r.lng) for r in rows])
    near = sorted((km, r.code, r.lat, r.lng) for r, km in zip(rows, kms, strict=True) if km <= RADIUS_KM)
    return [(code, lat, lng, km) for km, code, lat, lng in near]


_searches = {}


def _volunteer_search() -> NearbySearch:
    """Volunteers of a field with a home point, by the grid (built once: every value is a parameter).

    The cells are read on the field rows, which keep their volunteer's (index on field and cell): only the
    volunteers of the field are read, not every volunteer of the ring, each asked for its fields."""
    if "volunteers" not in _searches:
        stmt = (select(VolunteerProfile.real_name, VolunteerProfile.skills, VolunteerProfile.affiliation)
                .join(VolunteerField, VolunteerField.profile_id == VolunteerProfile.id)
                .where(VolunteerField.field == bindparam("match_field", type_=VolunteerField.field.type)))
        point = GeoColumns(VolunteerProfile.id, VolunteerProfile.home_lat, VolunteerProfile.home_lng,
                           VolunteerField.cell)
        _searches["volunteers"] = NearbySearch(stmt, point)
    return _searches["volunteers"]


def _volunteers(need: NeedProfile) -> list[Candidate]:
    """Volunteers of the field with a home point, the nearest (those without one come with the rest)."""
    found = _near(_volunteer_search(), need, VOLUNTEERS, {"match_field": Field(need.field)})
    return [Candidate("volunteer", row.geo_id, row.real_name, km, _volunteer_text(row), 1.0,
                      ("volunteer", row.geo_id)) for row, km in found]


def _near(search: NearbySearch, need: NeedProfile, wanted: int, params: dict, first_ring_km: float = 0.0) -> list:
    """[(row, km)]: the nearest `wanted` within NEAR_KM, or within RADIUS_KM when fewer than MIN_NEAR are that near.

    `first_ring_km`: as NearbySearch.page's. Volunteers are many and dense in towns: their ring starts small
    and widens by what it held (two rounds, most often); stations are a few thousand across the province,
    so their whole circle is read at once (one round)."""
    found, _ = search.page(need.lat, need.lng, NEAR_KM, 0, wanted, params, first_ring_km)
    if len(found) < MIN_NEAR:
        found, _ = search.page(need.lat, need.lng, RADIUS_KM, 0, wanted, params, first_ring_km and RADIUS_KM)
    return found


def _volunteer_text(row) -> str:
    return " ".join([*(row.skills or []), row.affiliation or ""])


def _station_search() -> NearbySearch:
    if "stations" not in _searches:
        stmt = select(Station.name, Station.fields_of_expertise, Station.host_organisation).where(
            Station.status == bindparam("match_status", type_=Station.status.type))
        _searches["stations"] = NearbySearch(stmt, GeoColumns.of(Station), max_cells=0)  # by the box: a few thousand
    return _searches["stations"]


def _stations(need: NeedProfile) -> list[Candidate]:
    found = _near(_station_search(), need, STATIONS, {"match_status": StationStatus.active}, NEAR_KM)
    candidates = []
    for row, km in found:
        expertise = " ".join(row.fields_of_expertise or [])
        match = _field_in_words(need, expertise)
        candidates.append(Candidate("station", row.geo_id, row.name, km, f"{row.name} {expertise}", match,
                                    ("station", row.geo_id)))
    return candidates


def _field_in_words(need: NeedProfile, text: str) -> float:
    """How well free text (a station's expertise) names the need's field or industry, 0 … 1."""
    if not text:
        return 0.0
    label = FIELD_LABELS[Field(need.field)][0]
    best = max(fuzz.partial_ratio(term, text) for term in [label, *label.split("与"), need.industry] if term)
    return 1.0 if best >= 90 else 0.5 if best >= 67 else 0.0


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


# The rest in one statement: volunteers without a home point, teams, offers, and the load and ratings of every
# candidate (those found by the grid too). Each kind is a limited select of the same columns; their UNION ALL
# is read with three correlated subqueries per row (load, sum and count of ratings) on the assignments'
# (provider_type, provider_id, status) index: a few hundred index lookups, not a read of every assignment.
# Built once per dialect, every value a parameter (as core.nearby's searches): no statement to build, compile
# or (on PostgreSQL, whose lists are arrays: one text) plan per suggestion.


def _rest_row(kind: str, row_id, name=None, text_a=None, text_b=None, skills=None, region_code=None, owner=None,
              of_field=None):
    """One kind's columns; a provider is its own owner unless `owner` says otherwise."""
    owner_kind, owner_id = owner if owner is not None else (literal(kind), row_id)

    def typed(value, type_):  # a NULL cast to its column's type: PostgreSQL reads a bare NULL in a subquery as text
        return cast(null(), type_) if value is None else value

    return [literal(kind).label("kind"), row_id.label("id"), typed(name, String).label("name"),
            typed(text_a, String).label("text_a"), typed(text_b, String).label("text_b"),
            typed(skills, VolunteerProfile.skills.type).label("skills"),
            typed(region_code, String).label("region_code"), owner_kind.label("owner_kind"),
            owner_id.label("owner_id"), typed(of_field, Integer).label("of_field")]


def _limited(stmt):
    """A limited, ordered select as a member of a UNION ALL (SQLite takes ORDER BY and LIMIT in a subquery only)."""
    inner = stmt.subquery()
    return select(*inner.c)


def _with_load(rest):
    """`rest` (a UNION ALL of _rest_row's) with each row's owner's load and ratings."""
    rows = rest.subquery("candidates")
    provider = and_(Assignment.provider_type == cast(rows.c.owner_kind, Assignment.provider_type.type),
                    Assignment.provider_id == rows.c.owner_id)
    load = select(func.count(Assignment.id)).where(
        provider, Assignment.status.in_(ACTIVE_ASSIGNMENT), Assignment.need_id != bindparam("this_need"))
    served = (select(Assignment.id).join(NeedAnswer, NeedAnswer.need_id == Assignment.need_id)
              .where(provider, Assignment.status == AssignmentStatus.accepted))
    total = served.with_only_columns(func.coalesce(func.sum(NeedAnswer.rating), 0))
    count = served.with_only_columns(func.count(NeedAnswer.id))
    return select(*rows.c, load.scalar_subquery().label("load"), total.scalar_subquery().label("rating_sum"),
                  count.scalar_subquery().label("rating_count"))


def _one_of(dialect: str, column, name: str, item_type):
    """`column` among the list parameter `name`: an array on PostgreSQL (one text whatever its length, so
    prepared once and planned once), `IN (?, ?, …)` elsewhere."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(item_type)))
    return column.in_(bindparam(name, expanding=True))


def _contains(column, name: str):
    """`column` holds the parameter `name`, escaped by _escaped: the LIKE of `contains(…, autoescape=True)`,
    with the value a parameter (a field in a JSON list as offers.has_field: its value in quotes)."""
    return column.contains(bindparam(name, type_=String), escape="/")


def _escaped(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _rest_statement(dialect: str):
    """The rest's statement for a dialect (see above), built once."""
    if ("rest", dialect) not in _searches:
        uncelled = _limited(
            select(*_rest_row("volunteer", VolunteerProfile.id, VolunteerProfile.real_name,
                              VolunteerProfile.affiliation, skills=VolunteerProfile.skills))
            .where(VolunteerProfile.home_region_code == bindparam("county", type_=String),
                   VolunteerProfile.home_lat.is_(None),
                   VolunteerProfile.fields.any(
                       VolunteerField.field == bindparam("match_field", type_=VolunteerField.field.type)))
            .order_by(VolunteerProfile.id).limit(VOLUNTEERS // 3))
        # teams stand at their county's point: the nearest counties first (ties by id), by the county's
        # place in the list of counties by distance
        if dialect == "postgresql":
            rank = func.array_position(bindparam("counties", type_=ARRAY(String)), Team.region_code)
        else:
            rank = func.instr(bindparam("county_list", type_=String), Team.region_code)
        teams = _limited(
            select(*_rest_row("team", Team.id, Team.name, Team.description, region_code=Team.region_code))
            .where(_contains(cast(Team.fields, String), "field_json"),
                   _one_of(dialect, Team.region_code, "counties", String))
            .order_by(rank, Team.id).limit(TEAMS))
        of_field = _contains(cast(Offer.fields, String), "field_json")
        industry = and_(bindparam("has_industry", type_=Boolean), _contains(Offer.industry_text, "industry"))
        offers = _limited(  # the published offers serving the need's county, its city or the province
            select(*_rest_row("offer", Offer.id, Offer.title, Offer.description, Offer.industry_text,
                              region_code=Offer.region_code,
                              owner=(cast(Offer.owner_type, String), Offer.owner_id),
                              of_field=case((of_field, 1), else_=0)))
            .where(Offer.status == OfferStatus.published,
                   Offer.region_code.in_([bindparam(f"served_{i}", type_=String) for i in range(3)]),
                   or_(of_field, industry))
            .order_by(Offer.id.desc()).limit(OFFERS))
        grid = [select(*_rest_row(kind, table.id)).where(_one_of(dialect, table.id, f"{kind}_ids", Integer))
                for kind, table in (("volunteer", VolunteerProfile), ("station", Station))]
        _searches["rest", dialect] = _with_load(union_all(uncelled, teams, offers, *grid))
    return _searches["rest", dialect]


def _the_rest_with_load(need: NeedProfile, counties, near: list[Candidate]) -> list[Candidate]:
    """Volunteers without a home point of the need's county, teams of the nearest counties and the offers
    serving the need, with the load and ratings of these and of `near` (whose load is added to them), in
    one statement."""
    county_km = next((km for code, _, _, km in counties if code == need.county_code), None)
    codes = [code for code, *_ in counties]
    params = {
        # without a home point (so without a cell): those of the need's county, standing at its point
        "county": need.county_code if county_km is not None else "", "match_field": Field(need.field),
        "counties": codes, "county_list": ",".join(codes), "field_json": _escaped(f'"{need.field}"'),
        "has_industry": bool(need.industry), "industry": _escaped(need.industry or ""),
        **{f"served_{i}": code for i, code in enumerate(
            [need.county_code, f"{need.county_code[:4]}00", f"{need.county_code[:2]}0000"])},
        "this_need": need.need_id or 0,
        **{f"{kind}_ids": sorted({c.provider_id for c in near if c.provider_type == kind})
           for kind in ("volunteer", "station")}}
    dialect = "postgresql" if db.session.get_bind().dialect.name == "postgresql" else "other"
    rows = db.session.connection().execute(_rest_statement(dialect), params).all()
    where = {code: km for code, _, _, km in counties}
    loads, candidates = {}, []
    for r in rows:
        loads[r.kind, r.id] = r.load, (r.rating_sum or 0, r.rating_count)
        if r.kind == "volunteer" and r.name is not None:
            candidates.append(Candidate("volunteer", r.id, r.name, county_km,
                                        " ".join([*(r.skills or []), r.text_a or ""]), 1.0, ("volunteer", r.id)))
        elif r.kind == "team":
            candidates.append(Candidate("team", r.id, r.name, where[r.region_code], f"{r.name} {r.text_a}", 1.0,
                                        ("team", r.id)))
        elif r.kind == "offer":
            candidates.append(Candidate("offer", r.id, r.name, None, f"{r.name} {r.text_b} {r.text_a}",
                                        float(r.of_field), (r.owner_kind, r.owner_id),
                                        _OFFER_REACH[len(_prefix(r.region_code))]))
            loads[r.owner_kind, r.owner_id] = r.load, (r.rating_sum or 0, r.rating_count)
    for c in (*near, *candidates):
        c.load, c.ratings = loads.get(c.owner, (0, (0, 0)))
    return candidates


def _load_statement():
    """Per provider: its active assignments on other needs, and the sum and count of the ratings of the needs
    it served (accepted). One statement of one shape: each provider type's ids are one expanding parameter."""
    if "load" not in _searches:
        answered = Assignment.status == AssignmentStatus.accepted
        active = and_(Assignment.status.in_(ACTIVE_ASSIGNMENT), Assignment.need_id != bindparam("this_need"))
        _searches["load"] = (
            select(Assignment.provider_type, Assignment.provider_id,
                   func.count(distinct(case((active, Assignment.id)))),
                   func.sum(case((answered, NeedAnswer.rating), else_=0)).cast(Integer),
                   func.count(case((answered, NeedAnswer.id))))
            .outerjoin(NeedAnswer, NeedAnswer.need_id == Assignment.need_id)
            .where(or_(*[and_(Assignment.provider_type == kind,
                              Assignment.provider_id.in_(bindparam(f"ids_{kind.value}", expanding=True)))
                         for kind in ProviderType]))
            .group_by(Assignment.provider_type, Assignment.provider_id))
    return _searches["load"]


def _add_load_and_ratings(candidates: list[Candidate], need_id: int | None) -> None:
    """Each candidate's open assignments (other needs') and the ratings of the needs it served, in one query
    grouped by provider (the full scan's way, apart from the suggestions' subqueries: the tests compare them)."""
    ids = {f"ids_{kind.value}": sorted({c.owner[1] for c in candidates if c.owner[0] == kind.value})
           for kind in ProviderType}
    if not any(ids.values()):
        return
    rows = db.session.connection().execute(_load_statement(), {**ids, "this_need": need_id or 0}).all()
    found = {(t.value if hasattr(t, "value") else t, i): (load, (total or 0, count))
             for t, i, load, total, count in rows}
    for c in candidates:
        c.load, c.ratings = found.get(c.owner, (0, (0, 0)))


# --- scoring (Python) -------------------------------------------------------------------------------------


def _bigrams(text: str) -> str:
    """The text's character bigrams, space-separated: rapidfuzz's token measures then compare words of Chinese."""
    chars = [ch for ch in text if not ch.isspace() and ch not in "，。、；：！？,.;:!?()（）"]
    return " ".join(a + b for a, b in zip(chars, chars[1:], strict=False))


class _Words:
    """The need's words, prepared once for every candidate."""

    def __init__(self, need: NeedProfile):
        self.industry = need.industry
        self.bigrams = _bigrams(need.text[:400])

    def overlap(self, text: str) -> tuple[float, bool]:
        """(0 … 1, whether the industry keyword is in the text)."""
        if not text:
            return 0.0, False
        industry = bool(self.industry) and fuzz.partial_ratio(self.industry, text) >= 90
        words = fuzz.token_set_ratio(self.bigrams, _bigrams(text[:400])) / 100 if self.bigrams else 0.0
        return max(words, 1.0 if industry else 0.0), industry


def _score(c: Candidate, words: _Words) -> None:
    score = W_FIELD * c.field_match
    if c.km is not None:
        score += W_DISTANCE * math.exp(-c.km / DISTANCE_SCALE_KM)
    elif c.reach is not None:
        score += W_DISTANCE * c.reach
    score += W_LOAD / (1 + c.load)
    total, count = c.ratings
    score += W_SATISFACTION * ((total / count - 1) / 4 if count else 0.5)
    c.overlap, c.mentions = words.overlap(c.text)
    c.score = round(score + W_WORDS * c.overlap, 1)


def _explain(c: Candidate, words: _Words, _) -> None:
    """The reasons of a score, in the reader's language (`_`, see _reader): 领域相符, 18 公里, 在办需求 2 项,
    以往满意度 4.6/5."""
    reasons = []
    if c.field_match >= 1:
        reasons.append(_("Field matches"))
    elif c.field_match > 0:
        reasons.append(_("Field partly matches"))
    if c.km is not None:
        reasons.append(_("%(km)s km", km=round(c.km)))
    elif c.reach is not None:
        reasons.append(_("Serves this county") if c.reach == _OFFER_REACH[6]
                       else _("Serves this city") if c.reach == _OFFER_REACH[4] else _("Serves the province"))
    reasons.append(_("%(count)s needs in hand", count=c.load))
    total, count = c.ratings
    if count:
        reasons.append(_("Past satisfaction %(mean)s/5", mean=f"{total / count:.1f}"))
    if c.mentions:
        reasons.append(_("Mentions %(industry)s", industry=words.industry))
    c.reasons = reasons


def _shown(c: Candidate) -> dict:
    owner_type, owner_id = c.owner
    return {"provider_type": c.provider_type, "provider_id": c.provider_id, "name": c.name, "score": c.score,
            "reasons": c.reasons, "distance_km": None if c.km is None else round(c.km),
            "load": c.load, "satisfaction": round(c.ratings[0] / c.ratings[1], 1) if c.ratings[1] else None,
            "owner_type": owner_type, "owner_id": owner_id}


def full_scan(need: NeedProfile, limit: int = 20) -> list[dict]:
    """The same ranking by reading every provider and offer and measuring every distance (the benchmark's
    baseline, and the tests' check that the query loses no one it should not; never used by the API)."""
    county_points = {r.code: (r.lat, r.lng) for r in db.session.execute(
        select(Region.code, Region.lat, Region.lng).where(Region.level == RegionLevel.county))}
    fields_of = {}
    for profile_id, value in db.session.execute(select(VolunteerField.profile_id, VolunteerField.field)):
        fields_of.setdefault(profile_id, set()).add(value.value)
    rows = []  # (candidate, point)
    for p in db.session.execute(select(VolunteerProfile.id, VolunteerProfile.real_name, VolunteerProfile.skills,
                                       VolunteerProfile.affiliation, VolunteerProfile.home_lat,
                                       VolunteerProfile.home_lng, VolunteerProfile.home_region_code)):
        if need.field in fields_of.get(p.id, ()):
            if p.home_lat is None and p.home_region_code != need.county_code:
                continue
            point = (p.home_lat, p.home_lng) if p.home_lat is not None else county_points[p.home_region_code]
            rows.append((Candidate("volunteer", p.id, p.real_name, None, _volunteer_text(p), 1.0,
                                   ("volunteer", p.id)), point, "grid" if p.home_lat is not None else "county"))
    for t in db.session.execute(select(Team.id, Team.name, Team.description, Team.fields, Team.region_code)):
        if need.field in t.fields:
            rows.append((Candidate("team", t.id, t.name, None, f"{t.name} {t.description}", 1.0, ("team", t.id)),
                         county_points[t.region_code], "county"))
    for s in db.session.execute(select(Station.id, Station.name, Station.fields_of_expertise, Station.lat, Station.lng)
                                .where(Station.status == StationStatus.active)):
        if s.lat is not None:
            expertise = " ".join(s.fields_of_expertise or [])
            rows.append((Candidate("station", s.id, s.name, None, f"{s.name} {expertise}",
                                   _field_in_words(need, expertise), ("station", s.id)), (s.lat, s.lng), "grid"))
    kms = geodesic_km(need.lat, need.lng, [point for _candidate, point, _how in rows])
    for (candidate, _point, _how), km in zip(rows, kms, strict=True):
        candidate.km = km
    candidates = [c for c, _point, how in rows if how == "county" and c.km <= RADIUS_KM]
    for kind in ("volunteer", "station"):  # by the grid: within NEAR_KM, unless too few are
        found = [c for c, _point, how in rows if how == "grid" and c.provider_type == kind]
        near = [c for c in found if c.km <= NEAR_KM]
        candidates += near if len(near) >= MIN_NEAR else [c for c in found if c.km <= RADIUS_KM]
    served = {need.county_code, f"{need.county_code[:4]}00", f"{need.county_code[:2]}0000"}
    for o in db.session.execute(select(Offer.id, Offer.title, Offer.description, Offer.industry_text, Offer.fields,
                                       Offer.industries, Offer.region_code, Offer.owner_type, Offer.owner_id)
                                .where(Offer.status == OfferStatus.published)):
        industry = bool(need.industry) and need.industry in o.industry_text
        if o.region_code in served and (need.field in o.fields or industry):
            candidates.append(Candidate("offer", o.id, o.title, None, f"{o.title} {o.industry_text} {o.description}",
                                        float(need.field in o.fields), (o.owner_type.value, o.owner_id),
                                        _OFFER_REACH[len(_prefix(o.region_code))]))
    _add_load_and_ratings(candidates, need.need_id)
    return _ranked(candidates, need, limit)
