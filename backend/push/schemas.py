"""Schemas of Web Push: the public key and a browser's subscription."""

import marshmallow as ma

from backend.core.schemas import BaseSchema


class KeyOut(ma.Schema):
    public_key = ma.fields.String(required=True, metadata={
        "description": "the VAPID public key (base64url, uncompressed P-256) for PushManager.subscribe"})


class KeysIn(BaseSchema):
    p256dh = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_\-=]{20,200}$"))
    auth = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_\-=]{8,100}$"))


class SubscriptionIn(BaseSchema):
    """What PushSubscription.toJSON() gives in the browser (expirationTime is accepted and ignored)."""

    endpoint = ma.fields.String(required=True, validate=[
        ma.validate.Length(min=12, max=1000), ma.validate.Regexp(r"^https://[!-~]+$")],
        metadata={"description": "the push service's https URL for this browser"})
    keys = ma.fields.Nested(KeysIn, required=True)
    expirationTime = ma.fields.Raw(allow_none=True, load_default=None)  # noqa: N815 (the browser's name)


class SubscriptionOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    endpoint = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
