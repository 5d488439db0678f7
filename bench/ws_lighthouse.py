"""Lighthouse accessibility of the association's workspace, logged in.

    .venv/bin/python bench/ws_lighthouse.py [/admin/reports /admin/campaigns ...]

The PWA knows who is logged in from the session cookie and localStorage, which Lighthouse's own
Chromium would start without. So Playwright launches Debian's Chromium with a profile and a DevTools
port, logs a 西安市 admin in through the login page, and Lighthouse 12 (pwa/node_modules) attaches to
that browser (`--port`, `--disable-storage-reset`): each page is scored logged in, mobile and desktop.
The data: two stations in two Xi'an counties with logs over ten weeks, and a campaign of the city.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pwa_budget import CHROMIUM, FLAGS, LIGHTHOUSE, serve  # noqa: E402

PHONE, PASSWORD, PORT = "13911112222", "Qinling-Field-2026", 9339


def seed(app) -> int:
    """The admin, two stations with logs, a campaign; returns the campaign's id."""
    from backend.accounts import service as accounts
    from backend.accounts.models import Role, RoleGrant
    from backend.events import service as events
    from backend.extensions import db
    from backend.stations.fieldlogs import service as fieldlogs
    from backend.stations.models import Station, StationKind

    with app.app_context():
        admin = accounts.register(PHONE, PASSWORD, "西安市科协")
        db.session.add(RoleGrant(user_id=admin.id, role=Role.association_admin, region_code="610100"))
        stations = [Station(kind=StationKind.agri_expert_station, name=name, region_code=code, lat=lat, lng=lng)
                    for name, code, lat, lng in (("周至猕猴桃站", "610124", 34.1651, 108.2175),
                                                 ("鄠邑葡萄站", "610118", 34.1104, 108.6003))]
        db.session.add_all(stations)
        db.session.commit()
        now = datetime.now(UTC)
        for week in range(10):
            for station in stations:
                when = now - timedelta(days=5 + 7 * week)
                raw = {"uuid": str(uuid.uuid4()), "kind": "training", "occurred_at": when.isoformat(), "topic": "修剪",
                       "position": {"lat": station.lat + 0.002, "lng": station.lng, "accuracy_m": 10.0},
                       "people_served": 20 + week}
                fieldlogs.sync_one(station.id, admin.id, 0, raw, now=when, may_add_photo=lambda *_: False)
                db.session.commit()
        campaign = events.create_campaign(admin, {"name": "科技之春宣传月", "theme": "科技赋能乡村振兴",
                                                  "region_code": "610100", "starts_on": date(2027, 3, 1),
                                                  "ends_on": date(2027, 3, 31)})
        db.session.commit()
        return campaign.id


def score(url: str, desktop: bool) -> dict:
    out = Path(tempfile.mkdtemp()) / "report.json"
    cmd = [str(LIGHTHOUSE), url, f"--port={PORT}", "--disable-storage-reset", "--only-categories=accessibility",
           "--output=json", f"--output-path={out}", "--quiet", *(["--preset=desktop"] if desktop else [])]
    subprocess.run(cmd, check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"})
    report = json.loads(out.read_text())
    failed = [name for name, audit in report["audits"].items()
              if audit.get("score") == 0 and audit.get("scoreDisplayMode") == "binary"]
    return {"accessibility": round(report["categories"]["accessibility"]["score"] * 100), "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="workspace pages; default the reports and campaigns pages")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = serve()
    campaign_id = seed(server.app)
    paths = args.paths or ["/admin/reports", "/admin/campaigns", f"/admin/campaigns/{campaign_id}"]
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path=CHROMIUM, base_url=url,
                                                       args=[*FLAGS, f"--remote-debugging-port={PORT}"])
        page = browser.new_page()
        page.goto("/login?next=/admin")
        page.fill("input[name=phone]", PHONE)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url("**/admin")
        for path in paths:
            results[path] = {form: score(url + path, form == "desktop") for form in ("mobile", "desktop")}
        browser.close()
    server.shutdown()
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
