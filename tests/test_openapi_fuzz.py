"""Property-based fuzzing of every API operation from the OpenAPI document (schemathesis, in process).

Each operation is one test: schemathesis draws up to MAX_EXAMPLES requests, valid and invalid, and
`call_and_validate()` runs all of its default checks on every answer: no 5xx, a status code, content
type, headers and body the document declares, invalid data refused, valid data accepted. The checks
are the point: a failure here is a bug in the app or in its OpenAPI document, never in this file.

Requests are sent as a logged-in province association admin (the widest scope), with the CSRF token,
so the fuzzer reaches the handlers and not only the 401 and 400 answers. The `fuzz_client` fixture
below is the one place that decides who the fuzzer is.
"""

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample

from backend import config as backend_config
from backend import create_app
from backend.accounts import passwords
from backend.needs.service.raising import credit_code_valid

# 50 in CI; FUZZ_MAX_EXAMPLES=5 gives a quick local pass over every operation.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "50"))
LONG = 1000  # characters: a string at least this long counts as "very long"

# Hostile strings mixed into every generated string (path, query, header, body) at this rate.
# Schemathesis checks each against the parameter's schema: one the schema allows goes into a
# "valid" request (so the app must accept it), one it forbids into an "invalid" one (so the app
# must refuse it with a 4xx). NUL bytes matter because PostgreSQL refuses them in text columns.
HOSTILE_STRINGS = [
    "\x00",
    "a\x00b",
    "陕西\x00省",
    "x" * 4097,
    "秦" * 20_000,  # 60 KB of UTF-8
]
FUZZ_CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "dictionaries": {"hostile": {"values": HOSTILE_STRINGS}},
        "generation": {
            "mode": "all",  # valid and invalid requests
            "max-examples": MAX_EXAMPLES,
            "allow-x00": True,  # NUL bytes in generated strings too, not only in the dictionary
            "codec": "utf-8",
            "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.1}},
        },
    }
)

# The document only: it does not depend on the database, so it is read once, at collection, from a
# throwaway app. The requests go to the test app from conftest (passed as `app=` below).
_spec_app = create_app(backend_config.TestConfig(Path(tempfile.mkdtemp(prefix="outreach-openapi-"))))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _spec_app, config=FUZZ_CONFIG)

def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("utf-8", "replace")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _case_strings(case) -> list[str]:
    parts = (case.body, case.query, case.path_parameters, case.headers, case.cookies)
    return [s for part in parts if part for s in _strings(part)]


# --- Rules between fields, which JSON Schema cannot state -------------------------------------------
# Each is documented in the operation's description and enforced by the app with its own 422 code
# (tests of each domain check those refusals). A "valid" request the generator makes must respect
# them too, or the positive-data check would count the app's correct refusal as a failure. Only
# positive cases are filtered; invalid ones still go through, and every check still runs.

PAIRS = (("lat", "lng"), ("home_lat", "home_lng"))
ORDERED = (("starts_at", "ends_at"), ("signup_deadline", "starts_at"), ("date_from", "date_to"),
           ("starts_on", "ends_on"), ("start", "end"), ("from", "to"))


def _instant(value):
    """A comparable value for an ISO date, datetime (with offset) or YYYY-MM; None if it is none of these."""
    if not isinstance(value, str):
        return None
    for parse in (datetime.fromisoformat, lambda v: datetime.strptime(v, "%Y-%m")):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return None


def _fields_consistent(part: dict) -> bool:
    for a, b in PAIRS:
        if (part.get(a) is None) != (part.get(b) is None):
            return False
    for first, later in ORDERED:
        x, y = _instant(part.get(first)), _instant(part.get(later))
        if x is None or y is None or type(x) is not type(y):
            continue
        if x > y or (x == y and first != "signup_deadline"):
            return False
    if "year" in part and ("start" in part or "end" in part):
        return False  # a certificate covers a year or a date range, not both
    return ("start" in part) == ("end" in part)


def respects_cross_field_rules(context, case) -> bool:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return True
    parts = [p for p in (case.body, case.query) if isinstance(p, dict)]
    if case.operation.path == "/api/v1/events/nearby" and isinstance(case.query, dict):
        if "region_code" not in case.query and "lat" not in case.query:
            return False  # a position or a place is needed
        if "region_code" in case.query and "lat" in case.query:
            return False  # one or the other
    repeat = case.body.get("repeat") if isinstance(case.body, dict) else None
    if isinstance(repeat, dict):
        needed = {"weekly": "count", "monthly": "until"}.get(repeat.get("frequency"))
        if needed and needed not in repeat:
            return False  # weekly series end after a count, monthly ones on a date
    if case.operation.path == "/api/v1/volunteers/me/certificates" and isinstance(case.body, dict):
        if "year" not in case.body and "start" not in case.body:
            return False
    if case.operation.path == "/api/v1/checkins" and isinstance(case.body, dict):
        if (case.body.get("token") is None) == (case.body.get("short_code") is None):
            return False  # the scanned code or the short code, one of them
        if case.body.get("short_code") is not None and case.body.get("event_id") is None:
            return False  # a short code is typed for an event
    if case.operation.path.startswith("/api/v1/assessment/") and isinstance(case.body, dict):
        milestones = case.body.get("milestones")
        if milestones and (len(milestones) != {"month": 12}.get(case.body.get("milestone_period"), 4)
                           or milestones != sorted(milestones)):
            return False  # one milestone per quarter (4) or month (12), never decreasing
        for lines in (case.body.get(k) for k in ("pilot", "other", "lines")):
            if isinstance(lines, list) and len({str(x.get("kind")) for x in lines}) != len(lines):
                return False  # each kind of event once in a quota
    if case.operation.path == "/api/v1/needs/photos":
        return False  # its file must be a JPEG, PNG or WebP image, which the generator does not draw
    credit_code = case.body.get("credit_code") if isinstance(case.body, dict) else None
    if case.operation.path == "/api/v1/needs" and credit_code and not credit_code_valid(credit_code):
        return False  # a unified social credit code ends with its check character
    password = case.body.get("password") if isinstance(case.body, dict) else None
    if isinstance(password, str) and case.operation.path != "/api/v1/auth/login" and passwords.weakness(password):
        return False  # a new password passes the rules in its description (repeats, runs, keyboard walks ...)
    return all(_fields_consistent(p) for p in parts)


@pytest.fixture
def fuzz_client(client, province_admin, login):
    """The session the fuzzer acts in: a province association admin, logged in through the real endpoint.

    To fuzz as someone else, change this fixture (e.g. a county admin from `make_user` and `grant`).
    The client sends the CSRF token on unsafe requests itself (conftest's ApiClient).
    """
    login(client, province_admin)
    return client


@schema.hooks.apply(respects_cross_field_rules, name="filter_case")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,  # the first request of a test warms caches; time is measured for the whole suite instead
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,  # the same cases on every run and on both databases: a failure reproduces
    print_blob=True,
)
def test_api_operation_honours_its_openapi_contract(case, app, fuzz_client):
    case.call_and_validate(session=fuzz_client, app=app)


@pytest.mark.parametrize(
    ("kind", "found"),
    [pytest.param("a NUL byte", lambda s: "\x00" in s, id="nul"),
     pytest.param(f"a string of {LONG}+ characters", lambda s: len(s) >= LONG, id="long")],
)
def test_fuzzer_sends_nul_bytes_and_very_long_strings(kind, found):
    """Guard against a quiet fuzzer: its invalid requests, drawn as in the run above, include both kinds
    of hostile string. Drawn here rather than counted from the run, which xdist spreads over workers."""
    strategy = schema.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
    budget = MAX_EXAMPLES * sum(1 for _ in schema.get_all_operations())  # what the run draws at most
    try:
        find(strategy, lambda case: any(map(found, _case_strings(case))),
             settings=settings(max_examples=budget, database=None, derandomize=True, phases=[Phase.generate],
                               suppress_health_check=list(HealthCheck)))
    except NoSuchExample:
        pytest.fail(f"no generated request contained {kind}: check generation.allow_x00 and the dictionaries")
