"""Models of the needs board."""

from backend.needs.models.offer import Offer, OfferOwner, OfferStatus  # noqa: F401
