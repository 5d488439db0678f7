"""HTTP API of notifications: the logged-in user's own."""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend.core.pagination import SelectPage
from backend.extensions import db
from backend.notifications import service
from backend.notifications.schemas import MarkReadIn, MarkReadOut, NotificationOut, NotificationQuery

blp = Blueprint("notifications", __name__, description="The user's in-app notifications")


@blp.route("/me/notifications")
class MyNotifications(MethodView):
    @login_required
    @blp.arguments(NotificationQuery, location="query")
    @blp.response(200, NotificationOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """My notifications, newest first (paged)."""
        return service.for_user_query(current_user.id, args["unread"])


@blp.route("/me/notifications/read")
class MarkRead(MethodView):
    @login_required
    @blp.arguments(MarkReadIn, required=False)
    @blp.response(200, MarkReadOut)
    def post(self, data):
        """Mark the given notifications (or all) as read."""
        marked = service.mark_read(current_user.id, data.get("ids"))
        db.session.commit()
        return {"marked": marked}
