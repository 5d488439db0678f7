"""HTTP API of the needs board (N1: needs, triage, assignments, serving, answers, figures, photos)."""

from backend.needs.api import assignments, needs  # noqa: F401 - their routes join the blueprint
from backend.needs.api.blueprint import blp  # noqa: F401
