"""Lighthouse accessibility of the association's workspace, logged in as an admin.

    .venv/bin/python bench/workspace_a11y.py                 # every workspace page, phone and desk
    .venv/bin/python bench/workspace_a11y.py /admin/events   # some pages only

Lighthouse opens a fresh profile unless it is given a browser to use, and a fresh profile is not
logged in. So: the app with the demo data is served from a temporary instance; Debian's Chromium is
started with a DevTools port; Playwright logs the province admin in through the API in that browser
(the session cookie and the PWA's own record of who is logged in); then Lighthouse 12 (pwa/node_modules)
runs each page in the same browser (`--port`, `--disable-storage-reset`), with its mobile settings and
again with `--preset=desktop` (1,350 px wide, where lists are tables and editors sit beside them).
Prints each page's accessibility score and the audits that failed.
"""

import json
import logging
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.pwa_budget import CHROMIUM, FLAGS, LIGHTHOUSE  # noqa: E402

PAGES = ["/admin", "/admin/events", "/admin/events/new", "/admin/events/{event}", "/admin/events/{event}/qr",
         "/admin/campaigns", "/admin/teams", "/admin/stations", "/admin/people", "/admin/reports",
         "/admin/review", "/admin/needs", "/admin/assessment", "/admin/pilots", "/admin/audit"]
ADMIN = "13900000001"  # the demo's province admin


def serve():
    from werkzeug.serving import make_server

    from backend import create_app
    from backend.config import TestConfig
    from backend.core.db import LOCAL_TZ, writing
    from backend.demo import load_demo
    from backend.events.models import Event
    from backend.extensions import db
    from backend.regions.service import load_gazetteer

    app = create_app(TestConfig(Path(tempfile.mkdtemp())))
    with app.app_context():
        db.create_all()
        load_gazetteer()
        db.session.commit()
        with writing(db.session):
            passwords = {phone: password for phone, _name, password in load_demo(now=datetime.now(LOCAL_TZ))}
        event = db.session.query(Event).order_by(Event.id).first().id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", passwords[ADMIN], event


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_in(port: int, url: str, password: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        page = browser.contexts[0].new_page()
        page.goto(url + "/")
        page.evaluate("""async ([phone, password]) => {
            const csrf = (await (await fetch('/api/v1/auth/csrf')).json()).csrf_token;
            const r = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json',
              'X-CSRFToken': csrf }, body: JSON.stringify({ phone, password }) });
            if (!r.ok) throw new Error('login ' + r.status);
            const me = await (await fetch('/api/v1/me')).json();
            localStorage.setItem('me', JSON.stringify(me));
        }""", [ADMIN, password])
        page.goto(url + "/admin")
        page.locator(".ws-nav").wait_for(timeout=15000)  # the workspace, not "log in first", is what is measured
        page.close()


def audit(port: int, url: str, desk: bool) -> dict:
    out = Path(tempfile.mkdtemp()) / "report.json"
    cmd = [str(LIGHTHOUSE), url, f"--port={port}", "--disable-storage-reset", "--only-categories=accessibility",
           "--output=json", f"--output-path={out}", "--quiet", *(["--preset=desktop"] if desk else [])]
    subprocess.run(cmd, check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"})
    report = json.loads(out.read_text())
    audits = report["audits"].values()
    failed = sorted(a["id"] for a in audits if a.get("score") == 0 and a.get("scoreDisplayMode") == "binary")
    return {"score": round(report["categories"]["accessibility"]["score"] * 100), "failed": failed}


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    pages = sys.argv[1:] or PAGES
    server, url, password, event = serve()
    port = free_port()
    chromium = subprocess.Popen([CHROMIUM, *FLAGS, f"--remote-debugging-port={port}",
                                 f"--user-data-dir={tempfile.mkdtemp()}", "about:blank"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        log_in(port, url, password)
        results = {}
        for path in pages:
            path = path.format(event=event)
            results[path] = {"phone": audit(port, url + path, False), "desk": audit(port, url + path, True)}
            print(path, json.dumps(results[path], ensure_ascii=False), flush=True)
        scores = [r[k]["score"] for r in results.values() for k in ("phone", "desk")]
        summary = {"pages": len(results), "lowest": min(scores), "command": " ".join(sys.argv)}
        print(json.dumps(summary, ensure_ascii=False))
    finally:
        chromium.terminate()
        server.shutdown()


if __name__ == "__main__":
    main()
