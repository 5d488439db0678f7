"""HTTP API of Web Push: the public key, and a logged-in user's browser subscriptions."""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend import policy
from backend.core.db import get_or_404
from backend.core.pagination import SelectPage
from backend.extensions import api, db
from backend.push import endpoints, service
from backend.push.models import PushSubscription
from backend.push.schemas import KeyOut, PushEndpoint, SubscriptionIn, SubscriptionOut

blp = Blueprint("push", __name__, description="Web Push reminders (opt-in)")


@blp.record_once
def _document_endpoint_hosts(state) -> None:
    """The endpoint's pattern in the OpenAPI document is the one the service enforces, from this app's hosts.

    Flask runs this as the blueprint is registered, before flask-smorest documents its operations."""
    pattern = endpoints.endpoint_pattern(tuple(state.app.config["WEB_PUSH_HOSTS"]))
    api.ma_plugin.converter.add_attribute_function(
        lambda converter, field, **kwargs: {"pattern": pattern} if isinstance(field, PushEndpoint) else {})


@blp.route("/push/key")
class Key(MethodView):
    @blp.response(200, KeyOut)
    def get(self):
        """The VAPID public key a browser subscribes with."""
        return {"public_key": service.public_key()}


@blp.route("/push/subscriptions")
class Subscriptions(MethodView):
    @login_required
    @blp.response(200, SubscriptionOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """My browsers with reminders on, newest first (paged)."""
        return service.subscriptions_query(current_user.id)

    @login_required
    @blp.arguments(SubscriptionIn)
    @blp.response(201, SubscriptionOut)
    def post(self, data):
        """Turn reminders on for this browser; sending the same endpoint again updates it."""
        sub = service.subscribe(current_user, data["endpoint"], data["keys"]["p256dh"], data["keys"]["auth"])
        db.session.commit()
        return sub


@blp.route("/push/subscriptions/<int:subscription_id>")
class Subscription(MethodView):
    @login_required
    @blp.response(200, SubscriptionOut)
    def get(self, subscription_id):
        """One of my browsers with reminders on."""
        sub = get_or_404(PushSubscription, subscription_id)
        policy.require(current_user, "push_subscription.view", sub)
        return sub

    @login_required
    @blp.response(204)
    def delete(self, subscription_id):
        """Turn reminders off for that browser (its owner only)."""
        sub = get_or_404(PushSubscription, subscription_id)
        policy.require(current_user, "push_subscription.delete", sub)
        service.unsubscribe(sub)
        db.session.commit()
