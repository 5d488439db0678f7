"""Non-API routes: the PWA shell, health and readiness, and on every response the security headers,
the request id and one access log line."""

import copy
import functools
import logging
import re
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, current_app, g, jsonify, render_template, request, send_from_directory
from werkzeug.routing import PathConverter

from backend.core import readiness
from backend.core.tiles import tile_host
from backend.extensions import csrf


@functools.cache
def content_security_policy(tile_host: str) -> str:
    """The CSP, with the configured map tiles' host among the allowed images."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {tile_host}",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", content_security_policy(tile_host(current_app.config)))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(self)")
    if not current_app.config.get("DEVELOPMENT") and not current_app.testing:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


_QUERY = re.compile(r"\?[^ \"]*")


class DropQueryStrings(logging.Filter):
    """Access logs keep the path and drop the query string: a resident's position is sent as
    `?lat=..&lng=..` and must never be logged (nor a phone number typed into a search).

    werkzeug logs with a tuple of arguments; gunicorn with one mapping of atoms (its own dict type, which
    answers "-" for a header it lacks), whose `q` is the query string itself, without its "?"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            atoms = copy.copy(record.args)  # the same type, without running its __init__ again
            for key, value in record.args.items():
                if isinstance(value, str):
                    atoms[key] = "…" if key == "q" and value else _QUERY.sub("?…", value)
            record.args = atoms
        elif record.args:
            record.args = tuple(_QUERY.sub("?…", a) if isinstance(a, str) else a for a in record.args)
        return True


class AppPathConverter(PathConverter):
    """Any path of the PWA, never one under /api/: an API path that has no GET must not be
    answered by the shell (nor list GET in its `Allow` header)."""

    regex = r"(?!api/)[^/].*?"


REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
access_log = logging.getLogger("backend.access")


def start_request() -> None:
    """The request's id: the proxy's X-Request-ID when it is a sane token, else a new one."""
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def log_request(response):
    """One access line per request: the path without its query string, and the user by id only."""
    user = g.get("_login_user")  # loaded by this request if it looked at the user; never loaded here
    started = g.get("request_started", time.perf_counter())
    access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
        "method": request.method, "path": request.path, "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1), "user_id": getattr(user, "id", None),
    })
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def register(app: Flask) -> None:
    # First of all before_request functions: a request the rate limiter refuses still gets its id.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(security_headers)
    app.after_request(log_request)
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
            logger.addFilter(DropQueryStrings())

    @app.get("/healthz")
    @csrf.exempt
    def healthz():
        """Liveness: the process serves."""
        return jsonify({"status": "ok"})

    @app.get("/readyz")
    @csrf.exempt
    def readyz():
        """Readiness: 200 when every service this server needs answers, else 503 naming the one down."""
        checks = readiness.run_checks()
        ready = all(state == "up" for state in checks.values())
        return jsonify({"status": "ready" if ready else "not_ready", "checks": checks}), 200 if ready else 503

    app.url_map.converters["app_path"] = AppPathConverter

    @app.get("/verify/<string:code>")
    def verify_certificate(code):
        """The public page a certificate's QR code opens: genuine or not, and its totals only."""
        from backend.attendance.service import certificates
        from backend.core.errors import DomainError

        try:
            cert = certificates.by_code(code[:64])
        except DomainError:
            return render_template("verify.html", cert=None, code=code[:64]), 404
        return render_template("verify.html", cert=cert, code=cert.code, hours=round(cert.total_minutes / 60, 1))

    @app.get("/")
    def pwa_index():
        return pwa("index.html")

    @app.get("/<app_path:path>")
    def pwa(path):
        dist = Path(app.config["PWA_DIST"])
        if (dist / path).is_file():
            response = send_from_directory(dist, path)
            if path in ("sw.js", "index.html", "manifest.webmanifest"):
                response.cache_control.no_cache = True
            elif path.startswith("assets/"):
                response.cache_control.max_age = 31536000
                response.cache_control.immutable = True
            return response
        if (dist / "index.html").is_file():
            response = send_from_directory(dist, "index.html")
            response.cache_control.no_cache = True
            return response
        return "The PWA is not built yet: run `make run`.", 503
