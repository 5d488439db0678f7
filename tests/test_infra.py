"""The pieces around the API: the offline API docs, the OpenAPI document, security headers, the PWA."""

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import schemathesis
from PIL import Image

from backend.extensions import db

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "pwa" / "dist"
JS_BUDGET_GZIP = 60 * 1024


class _Assets(HTMLParser):
    """Collects every URL a page loads (scripts, styles, icons, images) and the text of inline scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name) and not attrs[name].startswith("#"):  # a link within the page loads nothing
                self.urls.append(attrs[name])
        self._in_inline_script = tag == "script" and not attrs.get("src")
        if self._in_inline_script:
            self.inline_scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script:
            self.inline_scripts[-1] += data


def _parse(html: str) -> _Assets:
    parser = _Assets()
    parser.feed(html)
    return parser


def _is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


# --- /api/docs ---------------------------------------------------------------------------------


def test_api_docs_page_loads_only_local_assets_and_no_inline_script(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = _parse(response.get_data(as_text=True))
    assert page.urls, "the docs page loads no assets"
    assert [url for url in page.urls if not _is_local(url)] == []
    assert page.inline_scripts == []  # the CSP is script-src 'self'
    assert "/api/docs/init.js" in page.urls


def test_api_docs_assets_are_served_with_their_types(client):
    page = _parse(client.get("/api/docs").get_data(as_text=True))
    expected = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}

    for url in page.urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == expected[Path(url).suffix], url
        assert len(response.data) > 0, url


def test_api_docs_script_loads_the_openapi_document_from_this_server(client):
    script = client.get("/api/docs/init.js").get_data(as_text=True)

    assert '"/api/v1/openapi.json"' in script
    assert "validatorUrl: null" in script  # Swagger UI would otherwise call validator.swagger.io
    assert not re.search(r"https?://", script)


def test_api_docs_serves_only_the_files_the_page_needs(client):
    # The bundle's demo index.html points at the public Petstore; source maps are not for users.
    assert client.get("/api/docs/assets/index.html").status_code == 404
    assert client.get("/api/docs/assets/swagger-ui-bundle.js.map").status_code == 404
    assert client.get("/api/docs/assets/..%2F__init__.py").status_code == 404


# --- the OpenAPI document ----------------------------------------------------------------------


def test_openapi_document_is_valid_openapi_3_and_lists_the_api(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.0 meta-schema
    assert document["paths"], "the document lists no paths"
    # The app's own API, and the read-only Open311 GeoReport v2 view of the needs board at its standard place.
    assert all(path.startswith(("/api/v1/", "/open311/v2/")) for path in document["paths"])
    assert "/api/v1/auth/login" in document["paths"]
    assert "/open311/v2/requests.json" in document["paths"]


# --- security headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/docs", "/api/docs/init.js", "/api/v1/openapi.json", "/healthz", "/api/v1/no-such-thing", "/"],
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)

    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert directives.get("frame-ancestors") == "'none'"
    assert directives.get("script-src") == "'self'"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_unknown_api_path_answers_json_404_not_the_app_shell(client):
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


# --- the PWA -----------------------------------------------------------------------------------

needs_build = pytest.mark.skipif(
    not (DIST / "index.html").is_file(), reason="pwa/dist is not built: run `make setup` (npm run build in pwa/)"
)


@needs_build
def test_root_serves_the_built_pwa_shell(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert "<title>科创陕西</title>" in html
    assert re.search(r"<h1[^>]*>.*科创陕西.*</h1>", html, re.S)
    assert '<main id="app"' in html
    page = _parse(html)
    assert [url for url in page.urls if not _is_local(url)] == []  # nothing from a CDN
    assert page.inline_scripts == []
    for url in page.urls:
        assert client.get(url).status_code == 200, url


@needs_build
def test_deep_link_gets_the_app_shell(client):
    response = client.get("/events/12")

    assert response.status_code == 200
    assert '<main id="app"' in response.get_data(as_text=True)


@needs_build
def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    manifest = json.loads(response.data)
    assert manifest["name"] == "科创陕西科技志愿服务"
    assert manifest["short_name"] == "科创陕西"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = DIST / icon["src"].lstrip("/")
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


@needs_build
def test_service_worker_serves_the_shell_offline_but_never_the_api(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response.cache_control.no_cache
    script = response.get_data(as_text=True)
    assert re.search(r"""url["']?:\s*["']index\.html["']""", script), "index.html is not precached"
    assert r"denylist:[/^\/api\//" in script, "navigations to /api/ must not get the cached shell"


@needs_build
def test_pwa_first_load_javascript_stays_within_the_budget():
    # What "/" loads before anything else: its scripts and module preloads (lazy chunks come later).
    page = _parse((DIST / "index.html").read_text(encoding="utf-8"))
    scripts = {url for url in page.urls if url.endswith(".js")}
    total = sum(len(gzip.compress((DIST / url.lstrip("/")).read_bytes(), compresslevel=9)) for url in scripts)

    assert scripts, "index.html loads no script"
    assert total <= JS_BUDGET_GZIP, f"{total / 1024:.1f} KB of gzipped JS on first load (budget 60 KB)"


def test_every_scheduled_job_is_found_and_runs_in_an_app_context(app, caplog):
    from backend.scheduler import JOBS, run_job

    db.session.remove()
    for path, _trigger in JOBS:
        run_job(app, path)
    assert "failed" not in caplog.text
    run_job(app, "backend.events.jobs:no_such_job")
    assert "job backend.events.jobs:no_such_job failed" in caplog.text
