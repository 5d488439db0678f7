"""HTTP API of accounts: registration, login, the own profile, users and their scoped roles."""

from flask import current_app, session
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_smorest import Blueprint

from backend import policy
from backend.accounts import credentials, service, throttle
from backend.accounts.models import RoleGrant, User
from backend.accounts.schemas import (
    GRANT_REQUEST_BODY,
    CsrfOut,
    GrantIn,
    GrantOut,
    LoginIn,
    MeIn,
    MeOut,
    PasswordChangeIn,
    PasswordResetIn,
    RegisterIn,
    ResetCodeOut,
    UserOut,
    UserQuery,
)
from backend.core.csrf import issue_token
from backend.core.db import get_or_404
from backend.core.errors import DomainError
from backend.core.pagination import SelectPage
from backend.extensions import db, limiter, login_manager
from backend.policy.accounts import person_of
from backend.regions.codes import region_prefix

blp = Blueprint("accounts", __name__, description="Registration, login, profile and roles")


@login_manager.user_loader
def load_user(token: str):
    return service.user_for_session(token)


@login_manager.unauthorized_handler
def unauthorized():
    raise DomainError(401, "not_authenticated", _l("Please log in first."))


# --- Rate limits ------------------------------------------------------------------------------

#: every login and registration from one address, against spraying many numbers; sized for a village
#: hall or a carrier's NAT, where a whole training session shares one address
auth_per_address = limiter.shared_limit(lambda: current_app.config["AUTH_ADDRESS_LIMIT"], scope="auth-address")


def _begin_session(user: User) -> None:
    """A new session on login: the old one ends on the server and nothing from before survives."""
    if current_user.is_authenticated:
        service.end_session(current_user.session_token)
    session.clear()
    login = service.start_session(user)
    db.session.commit()
    user.session_token = login.token
    login_user(user, remember=True)  # the login outlives a closed browser, up to LOGIN_LIFETIME


# --- Auth -------------------------------------------------------------------------------------

@blp.route("/auth/csrf")
class Csrf(MethodView):
    @blp.response(200, CsrfOut)
    def get(self):
        """The CSRF token to send as `X-CSRFToken` on every unsafe request."""
        return {"csrf_token": issue_token()}


@blp.route("/auth/register")
class Register(MethodView):
    @auth_per_address
    @blp.arguments(RegisterIn)
    @blp.response(201, MeOut)
    def post(self, data):
        """Register with a mainland mobile number and a password; the new user is logged in."""
        user = service.register(data["phone"], data["password"], data["display_name"])
        _begin_session(user)
        return user


@blp.route("/auth/login")
class Login(MethodView):
    @auth_per_address
    @blp.arguments(LoginIn)
    @blp.response(200, MeOut)
    def post(self, data):
        """Log in with phone and password; starts a new session.

        5 tries per number from one address in 10 minutes, 20 per number from all addresses in an
        hour (configurable); the right password clears the number's count.
        """
        address = get_remote_address()
        throttle.take_login_attempt(data["phone"], address)
        user = service.authenticate(data["phone"], data["password"])
        throttle.forgive(data["phone"], address)
        _begin_session(user)
        return user


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """End this session on the server; copies of the cookie stop working."""
        if current_user.is_authenticated:
            service.end_session(current_user.session_token)
            db.session.commit()
        logout_user()
        session.clear()


# --- The own profile --------------------------------------------------------------------------

@blp.route("/me")
class Me(MethodView):
    @login_required
    @blp.response(200, MeOut)
    def get(self):
        """The logged-in person's profile: full phone number, display name, roles."""
        return current_user

    @login_required
    @blp.arguments(MeIn)
    @blp.response(200, MeOut)
    def patch(self, data):
        """Change the display name."""
        user = service.update_profile(current_user, data["display_name"])
        db.session.commit()
        return user


# --- Users and roles (admins) -----------------------------------------------------------------

@blp.route("/users")
class Users(MethodView):
    @login_required
    @blp.arguments(UserQuery, location="query")
    @blp.response(200, UserOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Users by name or the last 4 digits of the phone (association admins); phones masked unless responsible."""
        policy.require(current_user, "user.list")
        area = [region_prefix(code) for code in policy.admin_region_codes(current_user)] if args["in_my_area"] else None
        return service.users_query(args.get("q"), area)


@blp.route("/users/<int:user_id>/grants")
class UserGrants(MethodView):
    @login_required
    @blp.response(200, GrantOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, user_id):
        """A user's roles (the user themself, or an association admin)."""
        user = get_or_404(User, user_id)
        policy.require(current_user, "user.view_grants", user)
        return service.grants_query(user)

    @login_required
    @blp.arguments(GrantIn)
    @blp.doc(requestBody=GRANT_REQUEST_BODY)
    @blp.response(201, GrantOut)
    def post(self, data, user_id):
        """Grant a role over its one scope: association_admin takes region_code, station_head station_id.

        team_leader is not granted here: a team's leader is appointed with `PUT /teams/{team_id}/leader`
        (a volunteer, who becomes a member and replaces the previous leader). Asking for it here is
        refused with 422 `use_team_leader_endpoint`. Team leader grants are listed here, but not revoked
        (`DELETE /grants/{id}` answers 409 `team_needs_leader`): the team would be left without a leader.
        """
        # Only association admins grant anything: others get 403 before learning which users,
        # regions, stations or teams exist.
        policy.require(current_user, "role.manage_any")
        user = get_or_404(User, user_id)
        scope = service.check_grant_target(**data)
        policy.require(current_user, "role.grant", scope)
        grant = service.grant_role(current_user, user, **data)
        db.session.commit()
        return grant


@blp.route("/grants/<int:grant_id>")
class Grant(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, grant_id):
        """Revoke a role. A team leader's grant is refused with 409 `team_needs_leader`: appoint another
        leader on the team (`PUT /teams/{team_id}/leader`) instead; the last province admin's with 409
        `last_province_admin`."""
        policy.require(current_user, "role.manage_any")  # 403 before telling whether the grant exists
        grant = get_or_404(RoleGrant, grant_id)
        policy.require(current_user, "role.revoke", service.grant_scope(grant))
        service.revoke_role(current_user, grant)
        db.session.commit()


# --- Passwords: change, and reset with a code from an admin -----------------------------------

def _guarded(phone: str, check) -> None:
    """Run `check` (it proves knowledge of a credential) as one counted try at the number, like a login:
    counted before it runs, cleared when it succeeds, so parallel guesses cannot slip through."""
    address = get_remote_address()
    throttle.take_login_attempt(phone, address)
    check()
    throttle.forgive(phone, address)


@blp.route("/me/password")
class MyPassword(MethodView):
    @login_required
    @blp.arguments(PasswordChangeIn)
    @blp.response(204)
    def post(self, data):
        """Change my password: the current one is checked (a try counted like a login's); my other
        sessions end, this one stays."""
        _guarded(current_user.phone, lambda: credentials.change_password(
            current_user, data["current_password"], data["new_password"]))
        db.session.commit()


@blp.route("/users/<int:user_id>/password-reset")
class UserPasswordReset(MethodView):
    @login_required
    @blp.response(201, ResetCodeOut)
    def post(self, user_id):
        """Issue a one-time reset code for 24 hours (admins responsible for the user); shown once."""
        policy.require(current_user, "user.list")  # 403 before telling whether the user exists
        user = get_or_404(User, user_id)
        person = person_of(user)
        policy.require(current_user, "user.issue_password_reset", person)
        issued = credentials.issue_reset_code(current_user, user, person.region_code)
        db.session.commit()
        return issued


@blp.route("/auth/password-reset")
class PasswordReset(MethodView):
    @auth_per_address
    @blp.arguments(PasswordResetIn)
    @blp.response(204)
    def post(self, data):
        """Set a new password with a reset code from an admin; the code is spent and every session ends.

        A wrong code is a try at the number, counted with its logins."""
        _guarded(data["phone"], lambda: credentials.redeem_reset_code(
            data["phone"], data["code"], data["new_password"]))
        db.session.commit()
