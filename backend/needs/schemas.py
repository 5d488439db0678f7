"""Schemas of the needs board (N1's part: needs, assignments, answers, figures).

A need's asker (name and phone) is in its detail only for whom the policy lets see it ("need.see_asker");
lists carry no asker at all.
"""

import marshmallow as ma
from flask_login import current_user
from flask_smorest.fields import Upload

from backend import policy
from backend.accounts.schemas import PersonalPhone
from backend.core.schemas import BaseSchema, FullMatch, RecordId, no_control_chars
from backend.events.models import EventKind
from backend.needs.models import (
    AnswerOutcome,
    AskerType,
    AssignmentStatus,
    ClosedAs,
    NeedKind,
    NeedStatus,
    ProviderType,
    ReferredTo,
    Urgency,
)
from backend.needs.service import lifecycle
from backend.needs.service.common import provider_name
from backend.needs.service.queries import deadlines
from backend.translations import N_
from backend.volunteers.models import Field

FIELD_KEYS = [f.value for f in Field]
TOWNSHIP_MESSAGE = N_("Choose a township of Shaanxi from the list.")
CREDIT_CODE_MESSAGE = N_("This is not a valid unified social credit code (18 characters).")

_aware = {"format": "iso"}


def viewer_actions(need) -> list[str]:
    """What the current user may do with the need now: its state allows it (the service's table) and the
    policy lets them (rule "need.<action>"). The PWA draws its buttons from this list."""
    return [action for action in lifecycle.ACTIONS
            if lifecycle.allowed(need.status, action) and policy.can(current_user, f"need.{action}", need)]


def assignment_actions(assignment) -> list[str]:
    if assignment.status != AssignmentStatus.offered or not lifecycle.allowed(assignment.need.status,
                                                                             "provider_accept"):
        return []
    return ["accept", "decline"] if policy.can(current_user, "assignment.answer", assignment) else []


def _asker(need):
    if need.asker is None or not policy.can(current_user, "need.see_asker", need):
        return None
    return {"id": need.asker.id, "display_name": need.asker.display_name, "phone": need.asker.phone, "need": need}


def _following(need) -> bool:
    from backend.needs.service.raising import is_following

    return bool(getattr(current_user, "is_authenticated", False)) and is_following(need.id, current_user.id)
_code = ma.validate.Length(6, 12)


def _text(max_length: int, min_length: int = 0, **kwargs):
    return ma.fields.String(validate=[ma.validate.Length(min_length, max_length)], **kwargs)


def _line(max_length: int, min_length: int = 0, **kwargs):
    return ma.fields.String(validate=[ma.validate.Length(min_length, max_length), no_control_chars], **kwargs)


# --- in -------------------------------------------------------------------------------------------

class NeedIn(BaseSchema):
    client_uuid = ma.fields.UUID(required=True, metadata={
        "description": "made on the phone; the same UUID with the same body is the same need (200), "
                       "with another body 409 client_uuid_conflict"})
    kind = ma.fields.Enum(NeedKind, required=True)
    field = ma.fields.String(required=True, validate=ma.validate.OneOf(FIELD_KEYS),
                             metadata={"description": "a volunteers' field key (GET /volunteer-fields)"})
    industry = _line(64, load_default="", metadata={"description": "an industry keyword: 猕猴桃, 苹果, 茶叶 …"})
    title = _line(200, 1, required=True)
    description = _text(5000, load_default="")
    township_code = ma.fields.String(required=True, validate=FullMatch(r"^[0-9]{12}$", error=TOWNSHIP_MESSAGE),
                                     metadata={"description": "a township of Shaanxi (12-digit gazetteer code); "
                                                              "one the gazetteer does not have: 404 "
                                                              "township_outside_shaanxi"})
    lat = ma.fields.Float(allow_nan=False, allow_none=True, load_default=None,
                          metadata={"minimum": -90, "maximum": 90, "description": "WGS-84; optional"})
    lng = ma.fields.Float(allow_nan=False, allow_none=True, load_default=None,
                          metadata={"minimum": -180, "maximum": 180, "description": "WGS-84; optional"})
    urgency = ma.fields.Enum(Urgency, load_default=Urgency.normal)
    asker_type = ma.fields.Enum(AskerType, required=True)
    org_name = _line(128, load_default="")
    credit_code = ma.fields.String(allow_none=True, load_default=None,
                                   validate=FullMatch(r"^([0-9A-HJ-NPQRTUWXY]{18})?$", error=CREDIT_CODE_MESSAGE),
                                   metadata={"description": "18-character unified social credit code; its check "
                                                            "character is verified (422 credit_code_invalid)"})
    is_public = ma.fields.Boolean(load_default=True)
    follow_up_of = RecordId(allow_none=True, load_default=None,
                            metadata={"description": "one of the asker's needs (403 follow_up_not_yours otherwise)"})
    photo_uuids = ma.fields.List(ma.fields.UUID(), load_default=list, validate=ma.validate.Length(max=6),
                                 metadata={"description": "photos uploaded with POST /needs/photos under this "
                                                          "need's client_uuid (they may also arrive later)"})


class NeedPhotoIn(BaseSchema):
    """multipart/form-data: the file, the photo's UUID and the UUID of the need it belongs to."""

    file = Upload(required=True, metadata={"description": "JPEG, PNG or WebP, at most 10 MB (as field-log photos)"})
    need_uuid = ma.fields.UUID(required=True, metadata={"description": "the need's client_uuid (it may arrive later)"})
    photo_uuid = ma.fields.UUID(required=True, metadata={"description": "made on the phone; the photo's identity"})


class SimilarQuery(BaseSchema):
    township_code = ma.fields.String(required=True, validate=_code)
    field = ma.fields.String(validate=ma.validate.OneOf(FIELD_KEYS))


class NeedQuery(BaseSchema):
    region_code = ma.fields.String(validate=_code, metadata={"description": "default: every area the admin has"})
    status = ma.fields.Enum(NeedStatus)
    kind = ma.fields.Enum(NeedKind)
    field = ma.fields.String(validate=ma.validate.OneOf(FIELD_KEYS))
    overdue = ma.fields.Boolean()
    q = _line(100)


class NoteIn(BaseSchema):
    note = _text(2000, load_default="")


class ReasonIn(BaseSchema):
    reason = _text(2000, 1, required=True)


class DuplicateIn(BaseSchema):
    of_id = RecordId(required=True)
    note = _text(2000, load_default="")


class ReferIn(BaseSchema):
    to = ma.fields.Enum(ReferredTo, required=True)
    reason = _text(2000, 1, required=True)


class AssignIn(BaseSchema):
    provider_type = ma.fields.String(required=True, validate=ma.validate.OneOf(["team", "station", "volunteer",
                                                                                "offer"]),
                                     metadata={"description": "an offer assigns its owner"})
    provider_id = RecordId(required=True)
    note = _text(2000, load_default="")


class TextIn(BaseSchema):
    text = _text(2000, 1, required=True)


class ServiceIn(BaseSchema):
    event_id = RecordId(allow_none=True, load_default=None)
    fieldlog_uuid = ma.fields.UUID(allow_none=True, load_default=None)


class NeedEventIn(BaseSchema):
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    venue_name = _line(200, load_default="", metadata={"description": "default: the township's name"})
    kind = ma.fields.Enum(EventKind, load_default=EventKind.expert_visit)


class ResolveIn(BaseSchema):
    note = _text(2000, 1, required=True)


class AnswerIn(BaseSchema):
    outcome = ma.fields.Enum(AnswerOutcome, required=True)
    # the range is the service's, answered with its own code (rating_out_of_range); documented here
    rating = ma.fields.Integer(required=True, strict=True, metadata={"minimum": 1, "maximum": 5})
    comment = _text(2000, load_default="", metadata={"description": "required when not_solved"})
    still_needed = _text(2000, load_default="", metadata={"description": "还需要什么: raises a linked follow-up need"})


class FiguresQuery(BaseSchema):
    year = ma.fields.Integer(required=True, validate=ma.validate.Range(2000, 2100))
    month = ma.fields.Integer(validate=ma.validate.Range(1, 12))


# --- out ------------------------------------------------------------------------------------------

class DeadlinesOut(ma.Schema):
    triage_due_at = ma.fields.AwareDateTime(allow_none=True, **_aware)
    assign_due_at = ma.fields.AwareDateTime(allow_none=True, **_aware)
    answer_due_at = ma.fields.AwareDateTime(allow_none=True, **_aware)
    stage = ma.fields.String(allow_none=True, metadata={
        "description": "triage | assign | provider_answer | asker_answer: whose clock runs now"})
    stage_due_at = ma.fields.AwareDateTime(allow_none=True, **_aware)
    overdue = ma.fields.Boolean(required=True)


class NeedOut(ma.Schema):
    """A need without its asker: lists, and what every viewer of its page sees."""

    id = ma.fields.Integer(required=True)
    kind = ma.fields.Enum(NeedKind, required=True)
    field = ma.fields.String(required=True)
    industry = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    township_code = ma.fields.String(required=True)
    county_code = ma.fields.String(required=True)
    handling_region_code = ma.fields.String(required=True)
    lat = ma.fields.Float(required=True)
    lng = ma.fields.Float(required=True)
    is_approximate = ma.fields.Boolean(required=True)
    urgency = ma.fields.Enum(Urgency, required=True)
    asker_type = ma.fields.Enum(AskerType, required=True)
    org_name = ma.fields.String(required=True)
    is_public = ma.fields.Boolean(required=True)
    status = ma.fields.Enum(NeedStatus, required=True)
    closed_as = ma.fields.Enum(ClosedAs, allow_none=True)
    referred_to = ma.fields.Enum(ReferredTo, allow_none=True)
    duplicate_of_id = ma.fields.Integer(allow_none=True)
    follow_up_of_id = ma.fields.Integer(allow_none=True)
    source = ma.fields.String(required=True, metadata={"description": "app, survey or feedback"})
    from_event_id = ma.fields.Integer(allow_none=True,
                                      metadata={"description": "the event whose feedback raised it (source feedback)"})
    reopened_count = ma.fields.Integer(required=True)
    created_at = ma.fields.AwareDateTime(required=True, **_aware)
    updated_at = ma.fields.AwareDateTime(required=True, **_aware)
    deadlines = ma.fields.Function(lambda need: DeadlinesOut().dump(deadlines(need)), required=True,
                                   metadata={"description": "the need's clocks (working days, Asia/Shanghai)"})


class AskerOut(ma.Schema):
    """Who raised the need: only in its detail, and only for whom "need.see_asker" allows (else null)."""

    id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(required=True)
    phone = PersonalPhone(rule="need.see_asker", target=lambda row: row["need"], required=True)


class StepOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.AwareDateTime(required=True, **_aware)
    action = ma.fields.String(required=True, metadata={"description": "raise, accept, refuse, duplicate, refer, "
                                                                      "fallback, assign, provider_accept, …"})
    status_after = ma.fields.String(required=True)
    note = ma.fields.String(required=True, metadata={"description": "the status note shown to the asker"})
    data = ma.fields.Dict(required=True)
    actor_name = ma.fields.Function(lambda s: s.actor.display_name if s.actor else None, allow_none=True)


class AssignmentOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    need_id = ma.fields.Integer(required=True)
    provider_type = ma.fields.Enum(ProviderType, required=True)
    provider_id = ma.fields.Integer(required=True)
    provider_name = ma.fields.Function(lambda a: provider_name(a.provider_type, a.provider_id), required=True)
    offer_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.Enum(AssignmentStatus, required=True)
    note = ma.fields.String(required=True)
    reason = ma.fields.String(required=True)
    answer_due_at = ma.fields.AwareDateTime(required=True, **_aware)
    answered_at = ma.fields.AwareDateTime(allow_none=True, **_aware)
    created_at = ma.fields.AwareDateTime(required=True, **_aware)
    can = ma.fields.Function(assignment_actions, required=True,
                             metadata={"description": "accept | decline: what the viewer may do with it now"})


class MyAssignmentOut(AssignmentOut):
    need = ma.fields.Nested(NeedOut, required=True)


class ServiceOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    event_id = ma.fields.Integer(allow_none=True)
    event_title = ma.fields.Function(lambda s: s.event.title if s.event else None, allow_none=True)
    field_log_id = ma.fields.Integer(allow_none=True)
    field_log_uuid = ma.fields.Function(lambda s: str(s.field_log.uuid) if s.field_log else None, allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True, **_aware)


class AnswerOut(ma.Schema):
    outcome = ma.fields.Enum(AnswerOutcome, required=True)
    rating = ma.fields.Integer(required=True)
    comment = ma.fields.String(required=True)
    still_needed = ma.fields.String(required=True)
    follow_up_need_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True, **_aware)


class NeedPhotoOut(ma.Schema):
    photo_uuid = ma.fields.UUID(required=True)
    need_uuid = ma.fields.UUID(required=True)
    url = ma.fields.String(required=True)
    attached = ma.fields.Function(lambda p: p.need_id is not None, required=True)


class NeedDetailOut(NeedOut):
    """A need's page. `asker` is null unless the viewer may see who asked (admins over its county, the
    asker, its assigned providers while open); `can` lists what the viewer may do now."""

    asker = ma.fields.Function(lambda need: AskerOut().dump(_asker(need)) if _asker(need) else None,
                               allow_none=True)
    steps = ma.fields.List(ma.fields.Nested(StepOut), required=True)
    assignments = ma.fields.List(ma.fields.Nested(AssignmentOut), required=True)
    services = ma.fields.List(ma.fields.Nested(ServiceOut), required=True)
    answer = ma.fields.Nested(AnswerOut, allow_none=True)
    photos = ma.fields.List(ma.fields.Nested(NeedPhotoOut), required=True)
    can = ma.fields.Function(viewer_actions, required=True)
    following = ma.fields.Function(_following, required=True)


class FigureOut(ma.Schema):
    county_code = ma.fields.String(required=True)
    year = ma.fields.Integer(required=True)
    month = ma.fields.Integer(required=True)
    received = ma.fields.Integer(required=True)
    accepted = ma.fields.Integer(required=True)
    refused = ma.fields.Integer(required=True)
    duplicates = ma.fields.Integer(required=True)
    matched = ma.fields.Integer(required=True)
    resolved = ma.fields.Integer(required=True)
    closed_by_answer = ma.fields.Integer(required=True)
    confirmed_solved = ma.fields.Integer(required=True, metadata={"description": "answered solved (in full)"})
    not_confirmed = ma.fields.Integer(required=True)
    reopened = ma.fields.Integer(required=True)
    on_time_triage = ma.fields.List(ma.fields.Integer(), required=True, metadata={"description": "[num, den]"})
    on_time_assign = ma.fields.List(ma.fields.Integer(), required=True, metadata={"description": "[num, den]"})
    on_time_answer = ma.fields.List(ma.fields.Integer(), required=True, metadata={"description": "[num, den]"})
    satisfaction = ma.fields.List(ma.fields.Integer(), required=True, metadata={"description": "[sum, count]"})
