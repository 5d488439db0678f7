"""An event's volunteer roles: adding, renaming and resizing them."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import get_or_404, not_found
from backend.events import service
from backend.events.api.blueprint import blp
from backend.events.models import EventRole
from backend.events.schemas import RoleIn, RoleOut, RolePatchIn
from backend.extensions import db


@blp.route("/events/<int:event_id>/roles")
class EventRoles(MethodView):
    @login_required
    @blp.arguments(RoleIn)
    @blp.response(201, RoleOut)
    def post(self, data, event_id):
        """Add a volunteer role to an event."""
        event = service.get_event(event_id)
        policy.require(current_user, "event.edit", event)
        role = service.add_role(event, data["name"], data["capacity"])
        db.session.commit()
        return role


@blp.route("/events/<int:event_id>/roles/<int:role_id>")
class EventRoleDetail(MethodView):
    @login_required
    @blp.arguments(RolePatchIn)
    @blp.response(200, RoleOut)
    def patch(self, data, event_id, role_id):
        """Rename or resize a role: more places promote the waitlist; fewer than confirmed is refused."""
        event = service.get_event(event_id)
        role = get_or_404(EventRole, role_id)
        if role.event_id != event.id:
            raise not_found(EventRole)
        policy.require(current_user, "event.edit", event)
        role = service.update_role(role, data)
        db.session.commit()
        return role
