"""科创陕西 outreach: the Flask application factory."""

import logging
from pathlib import Path

from flask import Flask, request

from backend.config import Config
from backend.extensions import api, babel, csrf, db, limiter, login_manager, migrate

# Every domain's blueprint, registered in this order. A package adds its blueprint here once.
BLUEPRINTS = [
    "backend.accounts.api:blp",
    "backend.regions.api:blp",
    "backend.audit.api:blp",
    "backend.events.api:blp",
    "backend.volunteers.api:blp",
    "backend.stations.api:blp",
    "backend.notifications.api:blp",
]


def _import(path: str):
    module_name, attr = path.split(":")
    module = __import__(module_name, fromlist=[attr])
    return getattr(module, attr)


def select_locale() -> str:
    return request.accept_languages.best_match(["zh", "en"], default="zh") if request else "zh"


def create_app(config: Config | dict | None = None) -> Flask:
    """Build the application. `config` is a Config object, a dict of overrides, or None for defaults."""
    app = Flask(__name__, static_folder=None)
    base = config if isinstance(config, Config) else Config()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    app.instance_path = app.config["INSTANCE_PATH"]
    logging.basicConfig(level=logging.INFO)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)

    from backend.core.errors import register_error_handlers

    register_error_handlers(app)
    for path in BLUEPRINTS:
        api.register_blueprint(_import(path), url_prefix="/api/v1")

    from backend import cli, scheduler, web

    cli.register(app)
    web.register(app)
    _import_models()
    scheduler.init_app(app)
    return app


def _import_models() -> None:
    """Import every package's models so that metadata (and Alembic) sees all tables."""
    for name in ("accounts", "regions", "audit", "events", "volunteers", "stations", "notifications"):
        __import__(f"backend.{name}.models")
