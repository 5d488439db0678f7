"""Counting the SQL statements an app's request runs: `count_queries`, and `list_statements` built on it
to hold a list endpoint's count steady as its rows grow (a guard against one query per row)."""

from contextlib import contextmanager

import pytest
from flask import has_request_context
from sqlalchemy import event

from backend.extensions import db


class Counted:
    """The statements seen so far; `total` is their number."""

    def __init__(self):
        self.statements: list[str] = []

    @property
    def total(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counted: client.get(...)`, then `counted.total`.

    Only statements run inside a request are counted: the test's own setup and commits are not.
    """

    @contextmanager
    def counting():
        counted = Counted()

        def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
            if has_request_context():
                counted.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counted
        finally:
            event.remove(db.engine, "before_cursor_execute", before_cursor_execute)

    return counting


@pytest.fixture
def list_statements(count_queries):
    """`list_statements(client, url, add_rows, rows=(3, 9))`: how many statements one GET of a list runs.

    Calls `add_rows(3)`, reads the list, `add_rows(9)`, reads it again (`url` may be a function of the rows
    added so far); checks both answers are 200, the second is longer, and both ran the same number of
    statements, which it returns.
    """

    def measure(client, url, add_rows, rows=(3, 9)) -> int:
        runs, added = [], 0
        for more in rows:
            add_rows(more)
            added += more
            with count_queries() as counted:
                response = client.get(url(added) if callable(url) else url)
            assert response.status_code == 200, response.get_json()
            runs.append((len(response.get_json()), counted))
        (few_rows, few), (more_rows, more) = runs
        assert few_rows < more_rows, f"the list did not grow: {few_rows} then {more_rows} rows"
        assert more.total == few.total, "\n".join(["with few rows:", *few.statements, "with more:", *more.statements])
        return few.total

    return measure
