"""HTTP API of volunteers and teams (thin views: parse, load, check, act, commit, return)."""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend import policy
from backend.core.pagination import SelectPage
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.volunteers import service
from backend.volunteers.schemas import (
    FieldChoiceOut,
    JoinRequestIn,
    JoinRequestOut,
    JoinRequestQuery,
    LeaderIn,
    MemberOut,
    ProfileIn,
    ProfileOut,
    TeamIn,
    TeamOut,
    TeamPatch,
    TeamQuery,
    VolunteerQuery,
)

blp = Blueprint("volunteers", __name__, description="Volunteer profiles and teams")


@blp.route("/volunteer-fields")
class FieldChoices(MethodView):
    @blp.response(200, FieldChoiceOut(many=True))
    def get(self):
        """The fixed list of fields of expertise, with Chinese and English labels (not paged: twelve items)."""
        return service.field_choices()


@blp.route("/volunteers/me")
class MyProfile(MethodView):
    @login_required
    @blp.response(200, ProfileOut)
    def get(self):
        """My volunteer profile (404 volunteer_profile_missing until I fill it in)."""
        return service.require_profile(current_user.id)

    @login_required
    @blp.arguments(ProfileIn)
    @blp.response(200, ProfileOut)
    def put(self, data):
        """Fill in or replace my volunteer profile: this makes me a volunteer."""
        profile, _ = service.save_profile(current_user, data)
        db.session.commit()
        return profile


@blp.route("/volunteers/me/teams")
class MyTeams(MethodView):
    @login_required
    @blp.response(200, TeamOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """The teams I belong to, by name; `leader_user_id` says which I lead."""
        return service.teams_of(current_user.id)


@blp.route("/volunteers/me/join-requests")
class MyJoinRequests(MethodView):
    @login_required
    @blp.response(200, JoinRequestOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """My requests to join a team that are still waiting for the leader, oldest first."""
        return service.pending_requests_of(current_user.id)


@blp.route("/volunteers")
class Volunteers(MethodView):
    @login_required
    @blp.arguments(VolunteerQuery, location="query")
    @blp.response(200, ProfileOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Admins: volunteers in my area by field, county, availability and distance from a point."""
        policy.require(current_user, "volunteer.search")
        prefixes = [region_prefix(c) for c in policy.admin_region_codes(current_user)]
        near = (args["lat"], args["lng"], args["radius_km"]) if "lat" in args else None
        return service.search_query(prefixes, args.get("field"), args.get("county"), args.get("weekday"),
                                    args.get("daypart"), near)


@blp.route("/volunteers/<int:profile_id>")
class VolunteerItem(MethodView):
    @login_required
    @blp.response(200, ProfileOut)
    def get(self, profile_id):
        """One volunteer's profile: the volunteer and the admins over their county."""
        profile = service.get_profile(profile_id)
        policy.require(current_user, "volunteer.view", profile)
        return profile


@blp.route("/teams")
class Teams(MethodView):
    @blp.arguments(TeamQuery, location="query")
    @blp.response(200, TeamOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Teams, public: by region (a city includes its counties), kind and field."""
        return service.teams_query(args.get("region_code"), args.get("kind"), args.get("field"))

    @login_required
    @blp.arguments(TeamIn)
    @blp.response(201, TeamOut)
    def post(self, data):
        """Admins in scope: create a team, optionally appointing its leader."""
        policy.require(current_user, "team.create", data["region_code"])
        team = service.create_team(current_user, data)
        db.session.commit()
        return team


@blp.route("/teams/<int:team_id>")
class TeamItem(MethodView):
    @blp.response(200, TeamOut)
    def get(self, team_id):
        """One team, public."""
        return service.get_team(team_id)

    @login_required
    @blp.arguments(TeamPatch)
    @blp.response(200, TeamOut)
    def patch(self, data, team_id):
        """The leader or an admin in scope edits the team's name, fields and description."""
        team = service.get_team(team_id)
        policy.require(current_user, "team.update", team)
        service.update_team(team, current_user, data)
        db.session.commit()
        return team


@blp.route("/teams/<int:team_id>/leader")
class TeamLeader(MethodView):
    @login_required
    @blp.arguments(LeaderIn)
    @blp.response(200, TeamOut)
    def put(self, data, team_id):
        """An admin appoints the leader, or the leader hands over; the new leader becomes a member."""
        team = service.get_team(team_id)
        policy.require(current_user, "team.appoint_leader", team)
        service.set_leader(team, data["user_id"], current_user)
        db.session.commit()
        return team


@blp.route("/teams/<int:team_id>/members")
class TeamMembers(MethodView):
    @login_required
    @blp.response(200, MemberOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, team_id):
        """Members of a team: its members, leader and admins in scope (phones masked)."""
        team = service.get_team(team_id)
        policy.require(current_user, "team.view_members", team)
        return service.members_query(team)


@blp.route("/teams/<int:team_id>/members/me")
class MyMembership(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, team_id):
        """Leave a team (a leader hands over first)."""
        team = service.get_team(team_id)
        service.leave(team, current_user)
        db.session.commit()


@blp.route("/teams/<int:team_id>/members/<int:user_id>")
class TeamMember(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, team_id, user_id):
        """The leader or an admin in scope removes a member."""
        team = service.get_team(team_id)
        policy.require(current_user, "team.manage_members", team)
        service.remove_member(team, user_id, current_user)
        db.session.commit()


@blp.route("/teams/<int:team_id>/join-requests")
class TeamJoinRequests(MethodView):
    @login_required
    @blp.arguments(JoinRequestQuery, location="query")
    @blp.response(200, JoinRequestOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args, team_id):
        """The leader or an admin in scope reads the requests to join (pending by default)."""
        team = service.get_team(team_id)
        policy.require(current_user, "team.manage_members", team)
        return service.join_requests_query(team, args["status"])

    @login_required
    @blp.arguments(JoinRequestIn)
    @blp.response(201, JoinRequestOut)
    def post(self, data, team_id):
        """A volunteer asks to join; asking again while a request is open returns the open one."""
        team = service.get_team(team_id)
        policy.require(current_user, "team.request_join", team)
        request = service.request_join(team, current_user, data["message"])
        db.session.commit()
        return request


def _decide(request_id: int, accept: bool):
    request = service.get_join_request(request_id)
    policy.require(current_user, "team.decide_join", request)
    service.decide_join_request(request, current_user, accept)
    db.session.commit()
    return request


@blp.route("/join-requests/<int:request_id>")
class JoinRequestDetail(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, request_id):
        """The volunteer who asked withdraws a request that is still pending."""
        request = service.get_join_request(request_id)
        policy.require(current_user, "team.withdraw_join", request)
        service.withdraw_join_request(request)
        db.session.commit()


@blp.route("/join-requests/<int:request_id>/accept")
class AcceptJoinRequest(MethodView):
    @login_required
    @blp.response(200, JoinRequestOut)
    def post(self, request_id):
        """The leader or an admin in scope accepts: the volunteer becomes a member."""
        return _decide(request_id, accept=True)


@blp.route("/join-requests/<int:request_id>/decline")
class DeclineJoinRequest(MethodView):
    @login_required
    @blp.response(200, JoinRequestOut)
    def post(self, request_id):
        """The leader or an admin in scope declines."""
        return _decide(request_id, accept=False)

