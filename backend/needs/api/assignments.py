"""Assignments: the admins assign providers; a provider accepts or declines; a provider's own list."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.pagination import SelectPage
from backend.extensions import db
from backend.needs.api.blueprint import blp
from backend.needs.schemas import AssignIn, AssignmentOut, MyAssignmentOut, ReasonIn
from backend.needs.service import assignments
from backend.needs.service.common import get_assignment, get_need


@blp.route("/needs/<int:need_id>/assignments")
class NeedAssignments(MethodView):
    @login_required
    @blp.arguments(AssignIn)
    @blp.response(201, AssignmentOut)
    def post(self, data, need_id):
        """Assign a team, a station, a volunteer or an offer (its owner) to an accepted need (its admins).

        A closed need is refused (409 need_closed); a provider already assigned, 409 already_assigned.
        """
        need = get_need(need_id)
        policy.require(current_user, "need.assign", need)
        assignment = assignments.assign(current_user, need, data["provider_type"], data["provider_id"], data["note"])
        db.session.commit()
        return assignment


@blp.route("/me/assignments")
class MyAssignments(MethodView):
    @login_required
    @blp.response(200, MyAssignmentOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """Assignments of the teams I lead, the stations I head and of me as a volunteer: open ones first."""
        return assignments.my_assignments_query(current_user)


def _answer(assignment_id: int, change, *args):
    assignment = get_assignment(assignment_id)
    policy.require(current_user, "assignment.answer", assignment)
    change(current_user, assignment, *args)
    db.session.commit()
    return get_assignment(assignment_id)


@blp.route("/assignments/<int:assignment_id>/accept")
class AcceptAssignment(MethodView):
    @login_required
    @blp.response(200, AssignmentOut)
    def post(self, assignment_id):
        """Take the need on (whoever answers for the provider)."""
        return _answer(assignment_id, assignments.provider_accept)


@blp.route("/assignments/<int:assignment_id>/decline")
class DeclineAssignment(MethodView):
    @login_required
    @blp.arguments(ReasonIn)
    @blp.response(200, AssignmentOut)
    def post(self, data, assignment_id):
        """Decline, with the reason: the need goes back to matching when nobody else is assigned."""
        return _answer(assignment_id, assignments.provider_decline, data["reason"])
