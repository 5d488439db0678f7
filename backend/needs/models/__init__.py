"""The needs board's tables. N1 (this file's owner) keeps the need and its lifecycle in need.py;
offers live in offer.py."""

from backend.needs.models.need import (  # noqa: F401
    ACTIVE_ASSIGNMENT,
    OPEN_STATUSES,
    AnswerOutcome,
    AskerType,
    Assignment,
    AssignmentStatus,
    ClosedAs,
    Need,
    NeedAnswer,
    NeedFollower,
    NeedKind,
    NeedPhoto,
    NeedService,
    NeedStatus,
    NeedStep,
    ProviderType,
    ReferredTo,
    Urgency,
)
