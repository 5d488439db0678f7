"""The interactive API page at /api/docs: Swagger UI from local files, no CDN, no inline script.

The Swagger UI files come from the `swagger-ui-bundle` package (pinned in requirements.txt). The CSP
(backend/web.py) allows scripts from 'self' only, so the start-up code is served as /api/docs/init.js.
"""

from pathlib import Path

from flask import Blueprint, Flask, Response, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

SPEC_URL = "/api/v1/openapi.json"
CSRF_URL = "/api/v1/auth/csrf"
# Only what the page needs: the bundle's other files (source maps, demo index.html) stay private.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "favicon-16x16.png"})
ASSET_MAX_AGE = 24 * 3600

blp = Blueprint("swagger_docs", __name__, url_prefix="/api/docs")

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>科创陕西 API</title>
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png" sizes="32x32">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
"""

# "Try it out" sends unsafe requests with the CSRF token the API hands out, as the PWA does.
INIT_JS = f"""(function () {{
  "use strict";
  var UNSAFE = ["POST", "PUT", "PATCH", "DELETE"];
  var token = null;
  function csrf() {{
    if (token) return Promise.resolve(token);
    return fetch("{CSRF_URL}", {{ credentials: "same-origin" }})
      .then(function (r) {{ return r.ok ? r.json() : {{}}; }})
      .then(function (body) {{ token = body.csrf_token || null; return token; }})
      .catch(function () {{ return null; }});
  }}
  window.ui = SwaggerUIBundle({{
    url: "{SPEC_URL}",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (req) {{
      if (UNSAFE.indexOf((req.method || "GET").toUpperCase()) < 0) return req;
      return csrf().then(function (t) {{
        if (t) req.headers["X-CSRFToken"] = t;
        return req;
      }});
    }},
    responseInterceptor: function (res) {{
      if (res.url && res.url.indexOf("/auth/log") >= 0) token = null;  // a new session, a new token
      return res;
    }}
  }});
}})();
"""


@blp.get("")
def page():
    response = Response(PAGE, mimetype="text/html")
    response.cache_control.no_cache = True
    return response


@blp.get("/init.js")
def init_js():
    response = Response(INIT_JS, mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response


@blp.get("/assets/<name>")
def asset(name: str):
    if name not in ASSETS:
        abort(404)
    return send_from_directory(Path(str(swagger_ui_path)), name, max_age=ASSET_MAX_AGE)


def register(app: Flask) -> None:
    """Serve /api/docs; called once from create_app."""
    app.register_blueprint(blp)
