"""科创陕西 outreach: the Flask application factory."""

from pathlib import Path

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.utils import import_string

from backend.config import Config, check_production
from backend.core import logs
from backend.core.schemas import INT_MAX
from backend.extensions import api, babel, csrf, db, limiter, login_manager, migrate

# Every domain's blueprint, registered in this order. A package adds its blueprint here once.
BLUEPRINTS = [
    "backend.accounts.api:blp",
    "backend.regions.api:blp",
    "backend.audit.api:blp",
    "backend.events.api:blp",
    "backend.volunteers.api:blp",
    "backend.events.team_signups_api:blp",
    "backend.attendance.api:blp",
    "backend.stations.api:blp",
    "backend.stations.fieldlogs.api:blp",
    "backend.notifications.api:blp",
    "backend.push.api:blp",
    "backend.needs.api:blp",
    "backend.core.tiles_api:blp",
    "backend.assessment.api:blp",
]


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that matches only ids a database integer column can hold (0 … 2³¹−1):
    a larger number is a plain 404, not an overflow in the database driver."""

    MAX = INT_MAX

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", self.MAX)
        super().__init__(map, *args, **kwargs)

    @staticmethod
    def openapi(converter):
        return {"type": "integer", "minimum": 0, "maximum": BoundedIntConverter.MAX}


def select_locale() -> str:
    return request.accept_languages.best_match(["zh", "en"], default="zh") if request else "zh"


def create_app(config: Config | dict | None = None) -> Flask:
    """Build the application. `config` is a Config object, a dict of overrides, or None for defaults."""
    app = Flask(__name__, static_folder=None)
    app.url_map.converters["int"] = BoundedIntConverter
    base = config if isinstance(config, Config) else Config()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    check_production(app.config)  # before anything is written to disk or connected
    _trust_proxies(app)
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    app.instance_path = app.config["INSTANCE_PATH"]
    if not app.testing:  # under tests, pytest owns the log handlers
        logs.configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])

    from backend.translations import ensure_compiled

    ensure_compiled()  # a fresh clone answers in Chinese without a separate compile step
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    api.register_converter(BoundedIntConverter, BoundedIntConverter.openapi)

    from backend.core import jsonbody, storage
    from backend.core.errors import register_error_handlers

    register_error_handlers(app)
    jsonbody.init_app(app)
    storage.init_app(app)
    for path in BLUEPRINTS:
        api.register_blueprint(import_string(path), url_prefix="/api/v1")

    from backend import cli, docs, scheduler, web

    cli.register(app)
    docs.register(app)
    web.register(app)
    _import_models()
    scheduler.init_app(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """The client's address (rate limits) from the X-Forwarded-For entries added by the configured
    number of proxies in front of the app; with none (the default), a header a client sets is ignored."""
    count = int(app.config.get("TRUSTED_PROXIES", 0))
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _import_models() -> None:
    """Import every package's models so that metadata (and Alembic) sees all tables."""
    for name in ("accounts", "regions", "audit", "events", "volunteers", "attendance", "stations", "stations.fieldlogs",
                 "notifications", "push", "needs", "assessment"):
        __import__(f"backend.{name}.models")
