"""A browser's push subscription, owned by a user."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import RecordName, UTCDateTime, utcnow
from backend.extensions import db


class PushSubscription(db.Model):
    __tablename__ = "push_subscriptions"
    __record__ = RecordName("push_subscription", _l("Push subscription not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    #: the push service's URL for this browser; one browser is one subscription, whoever logs in on it
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True, nullable=False)
    #: the browser's public key (base64url, P-256) that encrypts each message
    p256dh: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the browser's authentication secret (base64url)
    auth: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    def __repr__(self) -> str:
        return f"<PushSubscription {self.id} user={self.user_id}>"
