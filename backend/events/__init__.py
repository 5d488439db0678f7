"""The events domain.

It tells stations, which sit below it, whether an event a field log names exists (the registration
pattern: README, "Layout"). This runs when the package is first imported.
"""

from backend.events.models import Event
from backend.extensions import db
from backend.stations.fieldlogs.content import REFERENCE_EXISTS

REFERENCE_EXISTS["event_id"] = lambda event_id: db.session.get(Event, event_id) is not None
