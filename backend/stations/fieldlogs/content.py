"""One field log's content: validating it (rules across fields, what it refers to), its place, its hash.

A log may name the event it was part of. Events are above stations (README, "Layout"): the events
package registers how to tell whether an event exists in REFERENCE_EXISTS when it is imported.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import UTC

import marshmallow as ma

from backend.core.errors import DomainError
from backend.regions import service as regions
from backend.stations.fieldlogs.schemas import FieldLogIn
from backend.translations import N_

#: does the record a log refers to exist, by field: `event_id` (registered by the events package)
REFERENCE_EXISTS: dict[str, Callable[[int], bool]] = {}
PICKABLE_LEVELS = ("township", "county")
NOT_AN_OBJECT = N_("Each log must be a JSON object.")
ONE_PLACE = N_("Send either a GPS position or a township or county picked from the list, not both.")
#: each message names its figure in words: a per-item answer is read without the field's name beside it
ABOVE_PEOPLE_SERVED = {
    "women": N_("The number of women cannot be more than the number of people served."),
    "low_income": N_("The number from low-income households cannot be more than the number of people served."),
    "over_60": N_("The number aged over 60 cannot be more than the number of people served."),
}
COPIED = ("topic", "subjects", "people_served", "women", "low_income", "over_60", "materials", "experts", "note",
           "event_id")


def content_of(data: dict) -> dict:
    """The log's content in one canonical JSON-able shape (UTC time, plain values) for hashing and history."""
    content = {name: data[name] for name in COPIED}
    content.update(
        uuid=str(data["uuid"]), kind=data["kind"].value,
        occurred_at=data["occurred_at"].astimezone(UTC).isoformat(),
        position=dict(data["position"]) if data["position"] else None, region_code=data["region_code"],
    )
    return content


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _place(data: dict) -> dict:
    """lat/lng/accuracy from the GPS fix, or the gazetteer point of the picked township or county."""
    if data["position"]:
        return {**data["position"], "is_approximate": False}
    try:
        region = regions.get_region(data["region_code"])
    except DomainError:
        region = None
    if region is None or region.level.value not in PICKABLE_LEVELS:
        raise ma.ValidationError({"region_code": [N_("Pick a township or county from the gazetteer.")]})
    return {"lat": region.lat, "lng": region.lng, "accuracy_m": None, "is_approximate": True}


def load_log(raw) -> tuple[dict, dict]:
    """Validate one raw log: (data, place). Raises marshmallow.ValidationError with field messages."""
    if not isinstance(raw, dict):
        raise ma.ValidationError({"_schema": [NOT_AN_OBJECT]})
    data = FieldLogIn().load(raw)
    return data, resolve(data)


def check_rules(data: dict) -> None:
    """One place (GPS or a picked region), and no breakdown above the number of people served."""
    errors = {}
    if (data.get("position") is None) == (data.get("region_code") is None):
        errors["position"] = [ONE_PLACE]
    for name, message in ABOVE_PEOPLE_SERVED.items():
        if data[name] > data["people_served"]:
            errors[name] = [message]
    if errors:
        raise ma.ValidationError(errors)


def resolve(data: dict) -> dict:
    """Check the rules across fields and what the log refers to (event, picked region); give its place."""
    data.setdefault("position", None)
    check_rules(data)
    if data["event_id"] is not None:
        _check_event(data["event_id"])
    return _place(data)


def _check_event(event_id: int) -> None:
    if not REFERENCE_EXISTS["event_id"](event_id):
        raise ma.ValidationError({"event_id": [N_("This event does not exist.")]})
