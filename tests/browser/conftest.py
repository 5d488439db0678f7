"""Browser tests: the built PWA served by the real app (werkzeug, a free port, the test database),
driven by Playwright in Debian's Chromium.

Skipped with a message when /usr/bin/chromium (Debian's package `chromium`) or the PWA build
(pwa/dist, made by `make setup`) is missing.
"""

import io
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from werkzeug.serving import make_server

from tests.factories.accounts import DEFAULT_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
DIST = Path(__file__).resolve().parents[2] / "pwa" / "dist" / "index.html"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHANGHAI = timezone(timedelta(hours=8))
ZHOUZHI = {"latitude": 34.163, "longitude": 108.216}  # the county seat of 周至县


class LiveServer:
    """The app on 127.0.0.1:<port> in a thread; stop() and start() again on the same port.

    The port is the one the system gives the first start(), and it stays held while the server is
    down (bound, not listening: a browser's connection is refused), so no other test process, such
    as a second pytest-xdist worker asking the system for a free port, is given it in between.
    """

    def __init__(self, app):
        self.app = app
        self.port = 0
        self._server = None
        self._held = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)  # SO_REUSEADDR
        self.port = self._server.port
        if self._held:
            self._held.close()
            self._held = None
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self._held = self._hold(self.port)

    @staticmethod
    def _hold(port: int, seconds: float = 5.0):
        """Bind the port without listening; connections the server had open may hold it a moment."""
        deadline = time.monotonic() + seconds
        while True:
            held = socket.socket()
            held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                held.bind(("127.0.0.1", port))
                return held
            except OSError:
                held.close()
                if time.monotonic() > deadline:
                    return None  # not held: the restart still asks for the same port
                time.sleep(0.05)

    def close(self):
        self.stop()
        if self._held:
            self._held.close()
            self._held = None


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need /usr/bin/chromium: install Debian's package `chromium`")
    if not DIST.exists():
        pytest.skip("browser tests need the built PWA (pwa/dist): run `make setup`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app, browser):
    server = LiveServer(app)
    server.start()
    yield server
    server.close()


@pytest.fixture
def new_context(browser, live_server):
    """`new_context(**options)`: a phone-sized browser context on the live server, closed after the test."""
    contexts = []

    def make(**options):
        options = {"base_url": live_server.url, "viewport": {"width": 412, "height": 860}, "locale": "zh-CN",
                   "timezone_id": "Asia/Shanghai", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    def shot(page, name: str | None = None) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name or request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shot


# --- data, made through the HTTP API as the app's own users would ---------------------------------

def tomorrow_at(hour: int, days: int = 1) -> datetime:
    day = datetime.now(SHANGHAI).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def admin_client(app, county_admin, login):
    """A test client logged in as the 周至县 association admin, who makes the events of `make_event`."""
    client = app.test_client()
    login(client, county_admin)
    return client


def jpeg_bytes(width: int = 2400, height: int = 1800) -> bytes:
    """A real camera-sized JPEG (bigger than 1600 px, so the phone has to shrink it)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 60)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def log_in(page, user, password: str = DEFAULT_PASSWORD, next_path: str = "/me"):
    page.goto(f"/login?next={next_path}")
    page.fill("input[name=phone]", user.phone)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path == next_path)


def late_answers(condition: str, ms: int = 1500) -> str:
    """A script for the page (`add_init_script`, or `evaluate` once loaded): fetches whose address `url` meets
    the JavaScript `condition` are answered `ms` late, so an answer can come after a later question's."""
    return f"""
const fetched = window.fetch;
window.fetch = async (...args) => {{
  const answer = await fetched(...args);
  const url = String(args[0]);
  if ({condition}) await new Promise((done) => setTimeout(done, {ms}));
  return answer;
}};
"""


def wait_for_draft(page, name: str, path: list, value):
    """Wait until the phone has kept the draft `name` with `value` at `path` (keys and indexes into it).

    A person does not reload within milliseconds of typing; a test does, so it waits for the write."""
    page.wait_for_function("""([name, path, value]) => new Promise((done) => {
        const open = indexedDB.open("kechuang");
        open.onsuccess = () => {
          const get = open.result.transaction("drafts").objectStore("drafts").get(name);
          get.onsuccess = () => done(path.reduce((d, k) => (d == null ? d : d[k]), get.result) === value);
        };
      })""", arg=[name, path, value])


def wait_until_controlled(page):
    """Wait until the app's service worker controls the page, as it does on a phone that has opened the app before.

    A worker that takes charge (clients.claim) while a navigation is still on its way cannot claim the page that
    navigation makes: that page stays uncontrolled until it is loaded again, as a person's next visit would."""
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)", timeout=30_000)  # installed
    try:
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=5_000)
    except PlaywrightTimeoutError:
        page.reload()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
