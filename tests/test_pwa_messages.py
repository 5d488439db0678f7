"""Every error code the API can answer has a message in the PWA's two string tables (pwa/src/lib/i18n.js).

The codes are read from the backend's source: the DomainError(...) calls and the helpers that raise
one, the (code, message) tables (core/errors.py's status codes, per-field not-found tables), the
records' RecordName (`<name>_not_found`) and the password weaknesses (`password_<weakness>`). A new
way of making a code dynamically fails `test_every_dynamic_code_is_enumerated` until it is taught here.
"""

import ast
import re
from pathlib import Path

import pytest

from backend.accounts.passwords import Weakness

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
I18N = ROOT / "pwa" / "src" / "lib" / "i18n.js"
CODE = re.compile(r"^[a-z][a-z0-9_]+$")
#: functions whose first snake_case string argument is an error code
RAISERS = {"DomainError", "_refuse", "refuse", "error_response", "Refusal"}
#: calls whose code is computed, and where the codes they compute are enumerated below
DYNAMIC = {("core/db.py", "not_found"), ("accounts/service.py", "check_password_rules"),
           ("accounts/service.py", "check_grant_target"), ("policy/__init__.py", "require"),
           ("events/service/lifecycle.py", "_refuse"), ("stations/fieldlogs/photos.py", "_refuse"),
           ("needs/service/common.py", "refuse"),
           ("core/errors.py", "error_response"), ("core/errors.py", "handle_http_exception"),
           ("core/errors.py", "handle_domain_error"), ("core/errors.py", "handle_integrity_error")}


def _name(call: ast.Call) -> str:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", "")


def _modules():
    for path in sorted(BACKEND.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(BACKEND).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _functions(tree):
    """(enclosing function name, node) for every node of the module."""
    def walk(node, owner):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else owner
            yield inner, child
            yield from walk(child, inner)
    yield from walk(tree, "")


def _is_message(node) -> bool:
    return isinstance(node, ast.Call) and _name(node) in {"_l", "lazy_gettext", "gettext", "_", "N_"}


def _scan():
    """(literal codes, sites whose code is computed)."""
    codes, dynamic = set(), set()
    for relative, tree in _modules():
        for owner, node in _functions(tree):
            if isinstance(node, ast.Call) and _name(node) in RAISERS and owner != "":
                literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                           and CODE.match(a.value)]
                if literal:
                    codes.add(literal[0])
                elif _name(node) != "Refusal":
                    dynamic.add((relative, owner))
            elif isinstance(node, ast.Call) and _name(node) == "RecordName" and node.args:
                if isinstance(node.args[0], ast.Constant):
                    codes.add(f"{node.args[0].value}_not_found")
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_message(node.elts[1]):
                first = node.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and CODE.match(first.value):
                    codes.add(first.value)
    return codes, dynamic


def api_error_codes() -> set[str]:
    codes, _ = _scan()
    return codes | {f"password_{w.value}" for w in Weakness}


def pwa_table(name: str) -> dict[str, str]:
    """The keys and strings of `const <name> = { ... };` in i18n.js."""
    text = I18N.read_text(encoding="utf-8")
    body = re.search(rf"^const {name} = \{{\n(.*?)^\}};", text, re.S | re.M).group(1)
    return dict(re.findall(r"(\w+):\s*\"((?:[^\"\\]|\\.)*)\"", body))


def test_every_dynamic_code_is_enumerated():
    _, dynamic = _scan()
    assert dynamic <= DYNAMIC, f"codes computed at {sorted(dynamic - DYNAMIC)}: enumerate them in this test"


def test_the_scan_finds_the_codes_of_each_kind():
    codes = api_error_codes()
    assert {"validation_failed", "too_many_requests", "csrf_failed", "event_not_found", "phone_taken",
            "own_hours_review", "password_too_short", "photo_too_large", "ends_before_start"} <= codes


@pytest.mark.parametrize("table", ["EN", "ZH"])
def test_every_api_error_code_has_a_message_in_the_pwa(table):
    messages = pwa_table(table)
    missing = sorted(code for code in api_error_codes() if not messages.get(f"e_{code}"))
    assert not missing, f"{table} has no e_<code> message for {missing}"


def test_chinese_error_messages_are_chinese():
    zh = pwa_table("ZH")
    han = re.compile(r"[\u4e00-\u9fff]")
    english = sorted(key for key, text in zh.items() if key.startswith("e_") and not han.search(text))
    assert not english


@pytest.mark.parametrize("table", ["EN", "ZH"])
def test_every_status_a_screen_shows_reads_as_words(table):
    from backend.attendance.models import HoursStatus
    from backend.events.models import EventStatus

    messages = pwa_table(table)
    wanted = [f"ev_{s.value}" for s in EventStatus] + [f"hs_{s.value}" for s in HoursStatus] + ["hours_n"]
    assert not [key for key in wanted if not messages.get(key)]
