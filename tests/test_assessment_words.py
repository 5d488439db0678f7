"""The assessment's screens name every status, step, zone and figure's state in words, in both languages: each
key their code asks for (literal or built from a status) is in both tables of the module that brings the words."""

import re
from pathlib import Path

import pytest

from backend.assessment.models import PILOT_ACTIONS, REPORT_ACTIONS, ApplicationStatus, ReportStatus
from backend.assessment.schemas import ZONES

PWA = Path(__file__).resolve().parents[1] / "pwa" / "src"
SCREENS = sorted((PWA / "views" / "ws").glob("assess*.js")) + [PWA / "views" / "feedback.js"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def table(path: Path, name: str) -> dict[str, str]:
    body = re.search(rf"^export const {name} = \{{\n(.*?)^\}};", path.read_text(encoding="utf-8"), re.S | re.M).group(1)
    return dict(re.findall(r"(\w+):\s*\"((?:[^\"\\]|\\.)*)\"", body))


def words(name: str) -> dict[str, str]:
    return {**table(PWA / "views" / "ws" / "assessment-strings.js", name), **table(PWA / "views" / "feedback.js", name)}


def asked_for() -> set[str]:
    literal = {key for path in SCREENS for key in re.findall(r"\bt\(\"((?:as|fb)_\w+)\"\)", path.read_text("utf-8"))}
    built = ({f"as_r_{s.value}" for s in ReportStatus} | {"as_r_none"} | {f"as_a_{s.value}" for s in ApplicationStatus}
             | {f"as_{s}" for s in ("on_track", "at_risk", "behind")} | {f"as_zone_{z}" for z in ZONES}
             | {f"as_done_{a}" for a in REPORT_ACTIONS} | {f"as_app_{a}" for a in PILOT_ACTIONS}
             | {"as_by_quarter", "as_by_month"} | {f"fb_r{n}" for n in range(1, 6)})
    return literal | built


def test_the_scan_finds_the_screens_words():
    assert {"as_league", "as_late_correction", "as_submit", "fb_still_needed"} <= asked_for()


@pytest.mark.parametrize("name", ["EN", "ZH"])
def test_every_word_a_screen_asks_for_is_in_the_table(name):
    have = words(name)
    assert not sorted(key for key in asked_for() if not have.get(key))


def test_statuses_and_states_read_in_chinese():
    zh = words("ZH")
    shown = [k for k in asked_for() if k.startswith(("as_r_", "as_a_", "as_zone_", "as_on", "as_at", "as_be"))]
    assert not [k for k in shown if not HAN.search(zh[k])]
