"""HTTP API of team sign-ups: a team's leader signs named members up for one event role.

Served at the team's URL, owned by events: it makes event sign-ups, and events is above volunteers
(README, "Layout").
"""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend import policy
from backend.events.service.team_signups import sign_up_team
from backend.extensions import db
from backend.volunteers import service as volunteers
from backend.volunteers.schemas import TeamSignupIn, TeamSignupOut

blp = Blueprint("team_signups", __name__, description="A team's leader signs members up for an event")


@blp.route("/teams/<int:team_id>/signups")
class TeamSignups(MethodView):
    @login_required
    @blp.arguments(TeamSignupIn)
    @blp.response(201, TeamSignupOut)
    def post(self, data, team_id):
        """The leader signs named members up for one event role: every one gets a place, or nobody does."""
        team = volunteers.get_team(team_id)
        policy.require(current_user, "team.sign_up", team)
        signups = sign_up_team(team, data["event_id"], data["role_id"], data["user_ids"], current_user)
        db.session.commit()
        return {"team_id": team.id, "event_id": data["event_id"], "role_id": data["role_id"], "signups": signups}
