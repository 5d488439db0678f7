"""A need raised by an event's feedback: "还需要什么?" with "希望有人跟进" ticked.

It is an ordinary submitted need for the county's triage, in the township nearest the event's point
(the gazetteer's), linked to the event, source "feedback". Who answered with an account (a volunteer who
checked in, a resident who booked logged in) becomes its asker and closes its loop. A resident who
answered by a booking's code has no account: the need has no asker, carries nothing of the booking
(no name, no phone), and nobody can confirm it solved, so the provider's resolution closes it at once
as "not confirmed" (counted apart, never as confirmed solved). These needs are not shown on the public
board: the resident typed free text for the organisers, not for publication.
"""

import uuid
from datetime import datetime

from backend.needs.models import AskerType, Need, NeedKind, Urgency
from backend.needs.service import raising
from backend.regions.service import nearest_township

SOURCE = "feedback"
_NAMESPACE = uuid.UUID("6f0b7d2e-8c1a-4f57-9a51-3d2f1c0e9b71")
#: the field of expertise a need from an event's feedback starts in, by the event's kind (the county's
#: admin reads the text at triage); a health need is medicine's whatever the event was
_FIELD_BY_EVENT_KIND = {"clinic": "medicine_health", "emergency_drill": "emergency_safety",
                        "lecture": "education_science", "training": "planting", "extension": "planting",
                        "expert_visit": "planting"}


def raise_from_feedback(asker, event, text: str, kind: NeedKind, key: str, now: datetime) -> Need:
    """The need for one feedback answer (`key` identifies the answer: the same answer raises it once)."""
    township = nearest_township(event.region_code, event.lat, event.lng)  # the gazetteer's
    if township is None:
        township = raising.check_township("")  # refused with the board's own code: no township to route it
    field = "medicine_health" if kind == NeedKind.health else _FIELD_BY_EVENT_KIND.get(event.kind.value,
                                                                                        "education_science")
    data = {"client_uuid": uuid.uuid5(_NAMESPACE, key), "kind": kind, "field": field, "industry": "",
            "title": text[:200], "description": text, "township_code": township.code, "lat": None, "lng": None,
            "urgency": Urgency.normal, "asker_type": AskerType.individual, "org_name": "", "credit_code": None,
            "is_public": False, "source": SOURCE, "from_event_id": event.id}
    need, _created = raising.raise_need(asker, data, now=now)
    return need


def closes_on_resolution(need: Need) -> bool:
    """A feedback need nobody with an account raised: nobody can answer, so resolving it closes it."""
    return need.source == SOURCE and need.asker_id is None

