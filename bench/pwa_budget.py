"""The PWA's budgets, measured on the production build (pwa/dist) served by the real app.

    .venv/bin/python bench/pwa_budget.py            # sizes, repeat visit, Lighthouse mobile and 2G
    .venv/bin/python bench/pwa_budget.py --no-lighthouse

1. Sizes: every file the resident page ("/") loads first, gzipped (level 9), against the budgets
   (JS <= 60 KB, HTML+CSS+JS <= 100 KB); the whole build as the baseline.
2. Repeat visit: Chromium loads "/" twice; DevTools Network events count the shell bytes that came
   from the network each time (the first visit is the baseline; the second must be 0).
3. Lighthouse 12.2.3 (pwa/node_modules, Debian's Chromium): the mobile preset, and again with
   2G-like throttling (300 ms round trip, 250 Kbps): performance, accessibility, LCP.
"""

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DIST = ROOT / "pwa" / "dist"
LIGHTHOUSE = ROOT / "pwa" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
JS_BUDGET, TOTAL_BUDGET = 60 * 1024, 100 * 1024


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def first_load_files() -> list[Path]:
    html = (DIST / "index.html").read_text()
    refs = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', html)
    return [DIST / "index.html", *(DIST / ref.lstrip("/") for ref in dict.fromkeys(refs))]


def sizes() -> dict:
    files = first_load_files()
    js = sum(gz(f) for f in files if f.suffix == ".js")
    total = sum(gz(f) for f in files)
    everything = sum(gz(f) for f in DIST.rglob("*") if f.suffix in (".js", ".css", ".html"))
    rows = {str(f.relative_to(DIST)): gz(f) for f in files}
    assets = sorted(f for f in (DIST / "assets").glob("*") if f.suffix in (".js", ".css"))
    chunks = {str(f.relative_to(DIST)): gz(f) for f in assets}
    return {"first_load": rows, "js_gz": js, "total_gz": total, "whole_build_gz": everything, "chunks_gz": chunks,
            "js_ok": js <= JS_BUDGET, "total_ok": total <= TOTAL_BUDGET}


def serve():
    from werkzeug.serving import make_server

    from backend import create_app
    from backend.config import TestConfig
    from backend.extensions import db
    from backend.regions.service import load_gazetteer

    app = create_app(TestConfig(Path(tempfile.mkdtemp())))
    with app.app_context():
        db.create_all()
        load_gazetteer()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def shell_bytes(page, cdp) -> tuple[int, int]:
    """Load "/" and return (bytes of the shell from the network, requests answered by the service worker)."""
    responses, finished = {}, {}
    cdp.on("Network.responseReceived", lambda e: responses.__setitem__(e["requestId"], e["response"]))
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto("/", wait_until="networkidle")
    page.wait_for_timeout(500)
    network = from_sw = 0
    for request_id, response in responses.items():
        if "/api/" in response["url"]:
            continue
        if response.get("fromServiceWorker"):
            from_sw += 1
        elif not response.get("fromDiskCache") and not response.get("fromPrefetchCache"):
            network += finished.get(request_id, 0)
    return network, from_sw


def repeat_visit(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(base_url=url)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        first, _ = shell_bytes(page, cdp)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page2 = context.new_page()
        cdp2 = context.new_cdp_session(page2)
        cdp2.send("Network.enable")
        second, served = shell_bytes(page2, cdp2)
        browser.close()
    return {"first_visit_shell_bytes": first, "repeat_visit_shell_bytes": second, "repeat_from_service_worker": served}


def lighthouse(url: str, label: str, extra: list[str]) -> dict:
    out = Path(tempfile.mkdtemp()) / f"{label}.json"
    cmd = [str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={' '.join(FLAGS)}",
           "--only-categories=performance,accessibility,best-practices", "--output=json",
           f"--output-path={out}", "--quiet", *extra]
    subprocess.run(cmd, check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"})
    report = json.loads(out.read_text())
    cats, audits = report["categories"], report["audits"]
    return {
        "performance": round(cats["performance"]["score"] * 100),
        "accessibility": round(cats["accessibility"]["score"] * 100),
        "best_practices": round(cats["best-practices"]["score"] * 100),
        "fcp_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 2),
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "command": " ".join(cmd[1:]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    result = {"sizes": sizes()}
    server, url = serve()
    try:
        result["repeat_visit"] = repeat_visit(url)
        if not args.no_lighthouse:
            result["lighthouse_mobile"] = lighthouse(url + "/", "mobile", [])
            result["lighthouse_2g"] = lighthouse(url + "/", "2g", [
                "--throttling-method=simulate", "--throttling.rttMs=300", "--throttling.throughputKbps=250",
                "--throttling.cpuSlowdownMultiplier=4"])
    finally:
        server.shutdown()
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
