"""The suite's one set of factories, registered once by tests/conftest.py (as indico's
indico/testing/fixtures/): a module per domain, each factory with one signature everywhere.

- places: ZHOUZHI, YUYANG and their points (constants, imported where needed);
- accounts: `make_user`, `grant`, `login`, `admin_of`, `county_admin`, `province_admin`;
- volunteers: `make_volunteer`, `make_team`;  stations: `make_station`;  events: `make_event`, `make_campaign`;
- attendance: `held_event` (checked in, hours verified, then completed or cancelled);
- queries: `count_queries`, `list_statements` (hold a list endpoint's statement count).

Passwords are hashed at TestConfig's lower scrypt cost (PASSWORD_HASH_METHOD), for every test.
"""

pytest_plugins = [
    "tests.factories.accounts",
    "tests.factories.volunteers",
    "tests.factories.stations",
    "tests.factories.events",
    "tests.factories.attendance",
    "tests.factories.queries",
]
