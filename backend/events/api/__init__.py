"""HTTP API of campaigns, events, sign-ups, reservations, nearby search and calendars: one blueprint.

`blueprint.py` defines it; each module below registers its routes on it when imported.
"""

from backend.events.api import calendars, campaigns, events, reservations, roles, signups  # noqa: F401  (routes)
from backend.events.api.blueprint import blp

__all__ = ["blp"]
