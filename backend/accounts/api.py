"""HTTP API of accounts: thin views over accounts.service."""

from flask import session
from flask.views import MethodView
from flask_login import current_user, login_user, logout_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from backend.accounts import service
from backend.accounts.schemas import CsrfOut, LoginIn, MeOut
from backend.extensions import db, login_manager

blp = Blueprint("accounts", __name__, description="Registration, login and roles")


@login_manager.user_loader
def load_user(token: str):
    return service.user_for_session(token)


@login_manager.unauthorized_handler
def unauthorized():
    from backend.core.errors import DomainError
    from flask_babel import lazy_gettext as _l

    raise DomainError(401, "not_authenticated", _l("Please log in first."))


@blp.route("/auth/csrf")
class Csrf(MethodView):
    @blp.response(200, CsrfOut)
    def get(self):
        """The CSRF token to send as `X-CSRFToken` on every unsafe request."""
        return {"csrf_token": generate_csrf()}


@blp.route("/auth/login")
class Login(MethodView):
    @blp.arguments(LoginIn)
    @blp.response(200, MeOut)
    def post(self, data):
        """Log in with phone and password; starts a new session."""
        user = service.authenticate(data["phone"], data["password"])
        if current_user.is_authenticated:
            service.end_session(current_user.session_token)
        session.clear()  # a new session on login: nothing from before survives
        login = service.start_session(user)
        db.session.commit()
        user.session_token = login.token
        login_user(user)
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
