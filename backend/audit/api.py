"""HTTP API of the audit trail: read-only, for province admins. No route edits or deletes an entry."""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend import policy
from backend.audit import service
from backend.audit.schemas import AuditEntryOut, AuditQuery
from backend.core.pagination import SelectPage

blp = Blueprint("audit", __name__, description="The audit trail of admin actions (read-only)")


@blp.route("/audit")
class AuditTrail(MethodView):
    @login_required
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditEntryOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Admin actions, newest first, by region (and below), actor, action and target type. Province admins only."""
        policy.require(current_user, "audit.read")
        return service.entries_query(**args)
