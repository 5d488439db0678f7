"""HTTP API of accounts: registration, login, the own profile, users and their scoped roles."""

import hashlib
import hmac

from flask import current_app, request, session
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from backend import policy
from backend.accounts import credentials, service
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
from backend.core.errors import DomainError
from backend.core.pagination import SelectPage
from backend.extensions import db, limiter, login_manager

blp = Blueprint("accounts", __name__, description="Registration, login, profile and roles")


@login_manager.user_loader
def load_user(token: str):
    return service.user_for_session(token)


@login_manager.unauthorized_handler
def unauthorized():
    raise DomainError(401, "not_authenticated", _l("Please log in first."))


# --- Rate limits ------------------------------------------------------------------------------

def phone_limit_key() -> str:
    """The number being tried, as a keyed hash: the limit follows the number, the logs never see it."""
    data = request.get_json(silent=True)
    phone = data.get("phone") if isinstance(data, dict) else None
    phone = phone if isinstance(phone, str) else ""
    secret = current_app.config["SECRET_KEY"].encode()
    return "login-phone:" + hmac.new(secret, phone.encode(), hashlib.sha256).hexdigest()[:32]


#: wrong passwords for one number: only 401 answers count, so a person who gets it right is never held up
failed_logins_per_phone = limiter.limit(
    lambda: current_app.config.get("LOGIN_FAILURE_LIMIT", "5 per 10 minutes"),
    key_func=phone_limit_key,
    deduct_when=lambda response: response.status_code == 401,
)
#: every login and registration from one address, against spraying many numbers
auth_per_address = limiter.shared_limit(
    lambda: current_app.config.get("AUTH_ADDRESS_LIMIT", "50 per 10 minutes"), scope="auth-address",
)


def _begin_session(user: User) -> None:
    """A new session on login: the old one ends on the server and nothing from before survives."""
    if current_user.is_authenticated:
        service.end_session(current_user.session_token)
    session.clear()
    login = service.start_session(user)
    db.session.commit()
    user.session_token = login.token
    login_user(user)


# --- Auth -------------------------------------------------------------------------------------

@blp.route("/auth/csrf")
class Csrf(MethodView):
    @blp.response(200, CsrfOut)
    def get(self):
        """The CSRF token to send as `X-CSRFToken` on every unsafe request."""
        return {"csrf_token": generate_csrf()}


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
    @failed_logins_per_phone
    @blp.arguments(LoginIn)
    @blp.response(200, MeOut)
    def post(self, data):
        """Log in with phone and password; starts a new session. 5 wrong passwords per number in 10 minutes."""
        user = service.authenticate(data["phone"], data["password"])
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
        return service.users_query(args.get("q"))


@blp.route("/users/<int:user_id>/grants")
class UserGrants(MethodView):
    @login_required
    @blp.response(200, GrantOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, user_id):
        """A user's roles (the user themself, or an association admin)."""
        user = db.get_or_404(User, user_id)
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
        refused with 422 `use_team_leader_endpoint`. Team leader grants are still listed and revoked here.
        """
        # Only association admins grant anything: others get 403 before learning which users,
        # regions, stations or teams exist.
        policy.require(current_user, "role.manage_any")
        user = db.get_or_404(User, user_id)
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
        """Revoke a role."""
        policy.require(current_user, "role.manage_any")  # 403 before telling whether the grant exists
        grant = db.get_or_404(RoleGrant, grant_id)
        policy.require(current_user, "role.revoke", service.grant_scope(grant))
        service.revoke_role(current_user, grant)
        db.session.commit()


# --- Passwords: change, and reset with a code from an admin -----------------------------------

def user_limit_key() -> str:
    return f"password-user:{getattr(current_user, 'id', None)}"


#: wrong current passwords of one person count like wrong logins: a stolen session cannot guess on
failed_password_checks_per_user = limiter.limit(
    lambda: current_app.config.get("LOGIN_FAILURE_LIMIT", "5 per 10 minutes"),
    key_func=user_limit_key,
    deduct_when=lambda response: response.status_code == 403,
)
#: wrong reset codes for one number (the same key as logins, counted apart)
failed_resets_per_phone = limiter.limit(
    lambda: current_app.config.get("LOGIN_FAILURE_LIMIT", "5 per 10 minutes"),
    key_func=phone_limit_key,
    deduct_when=lambda response: response.status_code == 401,
)


@blp.route("/me/password")
class MyPassword(MethodView):
    @login_required
    @failed_password_checks_per_user
    @blp.arguments(PasswordChangeIn)
    @blp.response(204)
    def post(self, data):
        """Change my password: the current one is checked; my other sessions end, this one stays."""
        credentials.change_password(current_user, data["current_password"], data["new_password"])
        db.session.commit()


@blp.route("/users/<int:user_id>/password-reset")
class UserPasswordReset(MethodView):
    @login_required
    @blp.response(201, ResetCodeOut)
    def post(self, user_id):
        """Issue a one-time reset code for 24 hours (admins responsible for the user); shown once."""
        policy.require(current_user, "user.list")  # 403 before telling whether the user exists
        user = db.get_or_404(User, user_id)
        policy.require(current_user, "user.issue_password_reset", service.person_of(user))
        issued = credentials.issue_reset_code(current_user, user)
        db.session.commit()
        return issued


@blp.route("/auth/password-reset")
class PasswordReset(MethodView):
    @auth_per_address
    @failed_resets_per_phone
    @blp.arguments(PasswordResetIn)
    @blp.response(204)
    def post(self, data):
        """Set a new password with a reset code from an admin; the code is spent and every session ends."""
        credentials.redeem_reset_code(data["phone"], data["code"], data["new_password"])
        db.session.commit()
