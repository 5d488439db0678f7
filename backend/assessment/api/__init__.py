"""HTTP API of the assessment: one blueprint; each module below registers its routes on it when imported."""

from backend.assessment.api import dashboards, feedback, locks, pilots, quotas, reports, targets  # noqa: F401  (routes)
from backend.assessment.api.blueprint import blp

__all__ = ["blp"]
