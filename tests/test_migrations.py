"""The migrations build exactly the schema the models describe, on the database under test."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db


@pytest.fixture
def empty_database_url(tmp_path, _app):
    url = make_url(_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"outreach_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_app(tmp_path, empty_database_url):
    """The app on an empty database that only migrations fill."""
    config = TestConfig(tmp_path)
    config.SQLALCHEMY_DATABASE_URI = empty_database_url
    return create_app(config)


def _schema_diff() -> list:
    """What the migrated database lacks or has beyond the models."""
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)


def test_migrations_produce_exactly_the_models_schema(empty_app):
    app = empty_app
    with app.app_context():
        upgrade()
        diff = _schema_diff()
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_audit_entries_written_with_plural_target_types_read_singular_after_the_upgrade(empty_app):
    app = empty_app
    read = text("SELECT target_type FROM audit_entries ORDER BY target_id")
    with app.app_context():
        upgrade(revision="24d88b870fa3")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_entries (at, action, target_type, target_id) VALUES "
                              "(CURRENT_TIMESTAMP, 'team.create', 'teams', '1'), "
                              "(CURRENT_TIMESTAMP, 'region.mark_pilot', 'regions', '2'), "
                              "(CURRENT_TIMESTAMP, 'event.create', 'event', '3')"))
        upgrade(revision="33acd61f85c0")
        with db.engine.connect() as conn:
            assert conn.scalars(read).all() == ["team", "region", "event"]
        downgrade(revision="24d88b870fa3")
        with db.engine.connect() as conn:
            assert conn.scalars(read).all() == ["teams", "regions", "event"]
        db.engine.dispose()


def _leftovers(conn) -> dict:
    """Tables (but Alembic's own) and, on PostgreSQL, enum types still in the database."""
    tables = sorted(set(inspect(conn).get_table_names()) - {"alembic_version"})
    types = []
    if conn.dialect.name == "postgresql":
        types = sorted(conn.execute(text(
            "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE t.typtype = 'e' AND n.nspname = current_schema()")).scalars())
    return {"tables": tables, "enum_types": types}


def test_every_migration_goes_down_to_base_and_up_again(empty_app):
    app = empty_app
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        with db.engine.connect() as conn:
            left = _leftovers(conn)
        upgrade()  # fails with DuplicateObject if a type was left behind
        diff = _schema_diff()
        db.engine.dispose()
    assert left == {"tables": [], "enum_types": []}
    assert diff == []


def test_stations_and_volunteers_get_the_grid_cell_of_their_point_on_upgrade(empty_app):
    """Rows written before the cell column existed are found by the nearby search after the upgrade."""
    from backend.core.nearby import grid_cell

    app = empty_app
    now = "2026-01-01 00:00:00+00:00"
    with app.app_context():
        upgrade(revision="33acd61f85c0")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO regions (code, name, name_en, pinyin, level, lat, lng, is_approximate, is_pilot)"
                " VALUES ('610124', '周至县', 'Zhouzhi', 'zhouzhi', 'county', 34.16, 108.22, false, false)"))
            conn.execute(text(
                "INSERT INTO stations (id, kind, name, region_code, host_organisation, address, lat, lng,"
                " fields_of_expertise, status, created_at, updated_at) VALUES"
                f" (1, 'society_station', '站', '610124', '', '', 34.2, 108.3, '[]', 'active', '{now}', '{now}'),"
                f" (2, 'society_station', '未测', '610124', '', '', NULL, NULL, '[]', 'active', '{now}', '{now}')"))
            conn.execute(text("INSERT INTO users (id, phone, password_hash, display_name, created_at, updated_at)"
                              f" VALUES (1, '13800000001', 'x', 'a', '{now}', '{now}'),"
                              f" (2, '13800000002', 'x', 'b', '{now}', '{now}')"))
            conn.execute(text(
                "INSERT INTO volunteer_profiles (id, user_id, real_name, skills, home_region_code, home_lat,"
                " home_lng, weekday_mask, daypart_mask, affiliation, created_at, updated_at) VALUES"
                f" (1, 1, '甲', '[]', '610124', 34.1, 108.1, 0, 0, '', '{now}', '{now}'),"
                f" (2, 2, '乙', '[]', '610124', NULL, NULL, 0, 0, '', '{now}', '{now}')"))
            conn.execute(text("INSERT INTO volunteer_fields (profile_id, field) VALUES"
                              " (1, 'planting'), (1, 'forestry'), (2, 'planting')"))
        upgrade()
        fields = text("SELECT profile_id, field, cell FROM volunteer_fields")
        with db.engine.connect() as conn:
            stations = conn.execute(text("SELECT id, cell FROM stations ORDER BY id")).all()
            profiles = conn.execute(text("SELECT id, cell FROM volunteer_profiles ORDER BY id")).all()
            upgraded = conn.execute(fields).all()
        with db.engine.begin() as conn:  # a volunteer moves: the database carries the cell to the field rows
            conn.execute(text("UPDATE volunteer_profiles SET home_lat = 34.3, home_lng = 108.9, cell = :cell"
                              " WHERE id = 1"), {"cell": grid_cell(34.3, 108.9)})
        with db.engine.connect() as conn:
            moved = conn.execute(fields).all()
        db.engine.dispose()
    assert [tuple(r) for r in stations] == [(1, grid_cell(34.2, 108.3)), (2, None)]
    assert [tuple(r) for r in profiles] == [(1, grid_cell(34.1, 108.1)), (2, None)]
    # every field kept (SQLite's copy of the profiles table once deleted them), each with its volunteer's cell
    assert sorted(tuple(r) for r in upgraded) == [(1, "forestry", grid_cell(34.1, 108.1)),
                                                  (1, "planting", grid_cell(34.1, 108.1)), (2, "planting", None)]
    assert sorted(tuple(r) for r in moved) == [(1, "forestry", grid_cell(34.3, 108.9)),
                                               (1, "planting", grid_cell(34.3, 108.9)), (2, "planting", None)]
