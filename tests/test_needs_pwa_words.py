"""Every value the needs API can answer with reads as words on the needs screens, in both languages: the
tables of pwa/src/views/needs/strings.js (loaded with those screens) have a word for each status, kind,
asker, urgency, assignment status, outcome, closing, referral, timeline step, clock stage and figure."""

import re
from pathlib import Path

import pytest

STRINGS = Path(__file__).resolve().parents[1] / "pwa" / "src" / "views" / "needs" / "strings.js"
HAN = re.compile(r"[\u4e00-\u9fff]")


def table(name: str) -> dict[str, str]:
    text = STRINGS.read_text(encoding="utf-8")
    body = re.search(rf"^const {name} = \{{\n(.*?)^\}};", text, re.S | re.M).group(1)
    return dict(re.findall(r"(\w+):\s*\"((?:[^\"\\]|\\.)*)\"", body))


def wanted() -> list[str]:
    from backend.needs.models import (
        AnswerOutcome,
        AskerType,
        AssignmentStatus,
        ClosedAs,
        NeedKind,
        NeedStatus,
        ProviderType,
        ReferredTo,
        Urgency,
    )
    from backend.needs.service import figures, lifecycle

    keys = [f"nds_{s.value}" for s in NeedStatus] + [f"ndk_{k.value}" for k in NeedKind]
    keys += [f"ndt_{a.value}" for a in AskerType] + [f"ndu_{u.value}" for u in Urgency]
    keys += [f"ndas_{s.value}" for s in AssignmentStatus] + [f"ndo_{o.value}" for o in AnswerOutcome]
    keys += [f"ndc_{c.value}" for c in ClosedAs] + [f"ndr_{r.value}" for r in ReferredTo]
    keys += [f"ndp_{p.value}" for p in ProviderType] + ["ndp_offer"]
    steps = {action for _state, action in lifecycle.TRANSITIONS} - {"follow", "unfollow"}
    keys += [f"nda_{a}" for a in sorted(steps | {"raise"})]
    keys += [f"ndg_{s}" for s in ("triage", "assign", "provider_answer", "asker_answer")]
    keys += [f"ndf_{k}" for k in figures.COUNTS + figures.RATIOS]
    return keys


@pytest.mark.parametrize("name", ["EN", "ZH"])
def test_every_value_of_the_needs_api_has_a_word(name):
    words = table(name)
    assert not [key for key in wanted() if not words.get(key)]


def test_the_chinese_words_are_chinese_and_the_two_tables_have_the_same_keys():
    en, zh = table("EN"), table("ZH")
    assert set(en) == set(zh)
    assert not [key for key, text in zh.items() if not HAN.search(text)]
