"""Fixtures of the accounts tests: a compiled catalogue (the factories are in tests/factories/)."""

import pytest

from backend.translations import ensure_compiled


@pytest.fixture(scope="session", autouse=True)
def _catalogue_compiled():
    ensure_compiled()
