"""Configuration from the environment, with safe defaults for a local run."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from backend.core.tiles import tile_problems

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: the push services of Chrome/Edge (FCM), Firefox, Safari and Windows
DEFAULT_PUSH_HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com", "*.push.services.mozilla.com",
                      "*.push.apple.com", "*.notify.windows.com")
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", PROJECT_ROOT / "instance"))


def _secret_key(instance_dir: Path) -> str | None:
    """Read SECRET_KEY from the environment, or from instance/secret_key, made on first run.

    In production nothing secret is made per machine: without SECRET_KEY the app refuses to start."""
    if os.environ.get("SECRET_KEY") or _production():
        return os.environ.get("SECRET_KEY")
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_dir / 'outreach.sqlite3'}"
    # Accept the common postgres:// spelling and prefer psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _list(value: str | None) -> list[str]:
    return [item.strip().lower() for item in (value or "").split(",") if item.strip()]


class Config:
    """Defaults for `make run`; every value can be set from the environment."""

    def __init__(self, instance_dir: Path = INSTANCE_DIR):
        self.INSTANCE_PATH = str(instance_dir)
        self.SECRET_KEY = _secret_key(instance_dir)
        self.SQLALCHEMY_DATABASE_URI = _database_url(instance_dir)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}  # no phone in any log
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = True
        # Login tries per number from one client address, and from all addresses (backend/accounts/throttle.py)
        self.LOGIN_FAILURE_LIMIT = os.environ.get("LOGIN_FAILURE_LIMIT", "5 per 10 minutes")
        self.LOGIN_NUMBER_LIMIT = os.environ.get("LOGIN_NUMBER_LIMIT", "20 per hour")
        # Short check-in codes one person may type (backend/attendance/service/codes.py); a right one clears them
        self.CHECKIN_SHORT_CODE_LIMIT = os.environ.get("CHECKIN_SHORT_CODE_LIMIT", "5 per 10 minutes")
        # Logins and registrations from one client address: a village hall's training session shares one
        self.AUTH_ADDRESS_LIMIT = os.environ.get("AUTH_ADDRESS_LIMIT", "600 per 10 minutes")
        # How many proxies in front of the app append to X-Forwarded-For; 0 trusts no header at all
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
        self.DEVELOPMENT = os.environ.get("OUTREACH_ENV", "development") == "development"
        # Outside development the cookies carry the __Host- prefix (ASVS 5.0 V3.3.1): the browser then
        # keeps them only if Secure, Path=/ and without Domain, so no sibling subdomain can set or
        # overwrite them. Plain http (`make run`) cannot keep such a cookie, hence the plain names there.
        host_prefix = "" if self.DEVELOPMENT else "__Host-"
        self.SESSION_COOKIE_NAME = host_prefix + "session"
        self.SESSION_COOKIE_PATH = "/"
        self.SESSION_COOKIE_DOMAIN = None
        self.REMEMBER_COOKIE_NAME = host_prefix + "remember_token"
        self.REMEMBER_COOKIE_PATH = "/"
        self.REMEMBER_COOKIE_DOMAIN = None
        self.PRODUCTION = _production()
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = not self.DEVELOPMENT
        self.REMEMBER_COOKIE_HTTPONLY = True
        # A login lasts this long, also across a closed browser or PWA (the remember cookie): volunteers
        # who logged in during the month are not all logging in at 9:00 on launch morning. The server
        # ends the login at the same age (accounts.service.user_for_session), or earlier on logout.
        self.LOGIN_LIFETIME = timedelta(days=int(os.environ.get("LOGIN_LIFETIME_DAYS", "30")))
        self.REMEMBER_COOKIE_DURATION = self.LOGIN_LIFETIME
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = not self.DEVELOPMENT
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
        self.WTF_CSRF_SSL_STRICT = False  # JSON clients send no Referer on some phones
        self.__dict__.update(_production_settings())
        self.BABEL_DEFAULT_LOCALE = "zh"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "backend" / "translations")
        self.PWA_DIST = str(PROJECT_ROOT / "pwa" / "dist")
        self.MEDIA_DIR = str(instance_dir / "media")
        # Stored files (backend/core/storage.py): "local" keeps them in MEDIA_DIR; "s3" in an S3-compatible bucket
        self.STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
        self.S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")
        self.S3_BUCKET = os.environ.get("S3_BUCKET")
        self.S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID")
        self.S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY")
        self.S3_REGION = os.environ.get("S3_REGION")
        self.MAX_CONTENT_LENGTH = 12 * 1024 * 1024
        # The map's tiles (backend/core/tiles.py): 天地图 in production, OpenStreetMap in development
        self.MAP_TILES = os.environ.get("MAP_TILES") or ("tianditu" if _production() else "osm")
        self.TIANDITU_KEY = os.environ.get("TIANDITU_KEY")
        # Web Push: the hosts a subscription's endpoint may be on (`*.` = any subdomain), comma-separated
        self.WEB_PUSH_HOSTS = _list(os.environ.get("WEB_PUSH_HOSTS")) or list(DEFAULT_PUSH_HOSTS)
        # Assessment (backend/assessment): a month locks for data entry this many days after it ends (later
        # data shows as a late correction next to an accepted report's frozen figures); a monthly report is
        # on time when first submitted within ASSESSMENT_REPORT_DUE_DAYS; the refresh job recomputes this
        # many months back each night.
        self.ASSESSMENT_LOCK_DAYS = int(os.environ.get("ASSESSMENT_LOCK_DAYS", "10"))
        self.ASSESSMENT_REPORT_DUE_DAYS = int(os.environ.get("ASSESSMENT_REPORT_DUE_DAYS", "5"))
        self.ASSESSMENT_REFRESH_MONTHS = int(os.environ.get("ASSESSMENT_REFRESH_MONTHS", "13"))
        # flask-smorest / OpenAPI
        self.API_TITLE = "科创陕西 outreach API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api"
        self.OPENAPI_JSON_PATH = "v1/openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = None  # served from local assets at /api/docs
        self.API_SPEC_OPTIONS = {
            "components": {
                "securitySchemes": {
                    "session": {"type": "apiKey", "in": "cookie", "name": self.SESSION_COOKIE_NAME},
                }
            }
        }


# --- Production: settings from the environment, checked at start-up ----------------------------

#: the object store's settings; STORAGE_BACKEND is "local" (instance/media) or "s3"
STORAGE_SETTINGS = ("S3_ENDPOINT_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION")


def _production() -> bool:
    return os.environ.get("OUTREACH_ENV", "development") == "production"


def _production_settings() -> dict:
    """The settings a deployment of several servers gives through the environment."""
    settings = {name: os.environ.get(name) for name in (*STORAGE_SETTINGS, "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY")}
    settings["STORAGE_BACKEND"] = os.environ.get("STORAGE_BACKEND", "local")
    # On wherever the app serves; backend/cli.py turns it off for every command but `flask run`.
    settings["SCHEDULER_ENABLED"] = os.environ.get("SCHEDULER_ENABLED", "1") == "1"
    settings["SCHEDULER_RETRY_SECONDS"] = float(os.environ.get("SCHEDULER_RETRY_SECONDS", "20"))
    # Every job every this many seconds instead of its own interval (a test of several servers, a demo)
    every = os.environ.get("SCHEDULER_JOB_SECONDS")
    settings["SCHEDULER_JOB_SECONDS"] = float(every) if every else None
    settings["LOG_FORMAT"] = os.environ.get("LOG_FORMAT") or ("text" if _development() else "json")
    settings["LOG_LEVEL"] = os.environ.get("LOG_LEVEL", "INFO").upper()
    return settings


def _development() -> bool:
    return os.environ.get("OUTREACH_ENV", "development") == "development"


class ProductionConfigError(RuntimeError):
    """The app refuses to start in production: the message lists every missing setting at once."""

    def __init__(self, problems: list[str]):
        super().__init__("OUTREACH_ENV=production, but:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


def production_problems(config) -> list[str]:
    """One line per missing or unfit setting of a production deployment; empty when it may start."""
    problems = []
    if not config.get("SECRET_KEY"):
        problems.append("SECRET_KEY is not set (the session key must be the same on every server).")
    if not str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        problems.append("DATABASE_URL is not a PostgreSQL URL (postgresql://user:password@host/db).")
    if not config.get("REDIS_URL"):
        problems.append("REDIS_URL is not set (the rate limits are shared by every server through Redis).")
    problems += _vapid_problems(config.get("VAPID_PRIVATE_KEY"), config.get("VAPID_PUBLIC_KEY"))
    if config.get("STORAGE_BACKEND") != "s3":
        problems.append("STORAGE_BACKEND is not s3 (photos and files go to the object store).")
    problems += [f"{name} is not set (the object store)." for name in STORAGE_SETTINGS if not config.get(name)]
    return problems + tile_problems(config)


def _vapid_problems(private: str | None, public: str | None) -> list[str]:
    if not private or not public:
        return ["VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY are not both set (`flask push keys` makes a pair)."]
    from backend.push.keys import public_key_of

    try:
        matches = public_key_of(private) == public
    except ValueError:
        return ["VAPID_PRIVATE_KEY is not a VAPID private key."]
    return [] if matches else ["VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY."]


def check_production(config) -> None:
    """Raise ProductionConfigError listing every problem, if the app is configured for production."""
    if config.get("PRODUCTION"):
        problems = production_problems(config)
        if problems:
            raise ProductionConfigError(problems)


class TestConfig(Config):
    """A throwaway instance folder and no scheduler; the database comes from DATABASE_URL or SQLite."""

    TESTING = True

    def __init__(self, instance_dir: Path):
        super().__init__(instance_dir)
        self.TESTING = True
        self.SCHEDULER_ENABLED = False
        self.RATELIMIT_STORAGE_URI = "memory://"
        # Still scrypt, at a lower cost: the suite hashes hundreds of passwords.
        self.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
