"""Schemas of Web Push: the public key and a browser's subscription."""

import marshmallow as ma

from backend.core.schemas import BaseSchema, FullMatch


class KeyOut(ma.Schema):
    public_key = ma.fields.String(required=True, metadata={
        "description": "the VAPID public key (base64url, uncompressed P-256) for PushManager.subscribe"})


class KeysIn(BaseSchema):
    p256dh = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_\-=]{20,200}$"))
    auth = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_\-=]{8,100}$"))


class PushEndpoint(ma.fields.String):
    """A push service's URL. Its pattern in the OpenAPI document is the configured hosts' (see push.api); the
    service refuses other hosts with `push_endpoint_not_allowed`."""


class SubscriptionIn(BaseSchema):
    """What PushSubscription.toJSON() gives in the browser (expirationTime is accepted and ignored)."""

    endpoint = PushEndpoint(required=True, validate=[
        ma.validate.Length(min=12, max=1000), FullMatch(r"^https://[!-~]+$")],
        metadata={"description": "the push service's https URL for this browser, on a known push service's "
                                 "host (FCM, Mozilla, Apple, Windows): another host is refused "
                                 "(push_endpoint_not_allowed)"})
    keys = ma.fields.Nested(KeysIn, required=True)
    expirationTime = ma.fields.Raw(allow_none=True, load_default=None)  # noqa: N815 (the browser's name)


class SubscriptionOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    endpoint = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
