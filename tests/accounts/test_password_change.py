"""Changing one's password while logged in, and resetting a forgotten one with a code from an admin."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.accounts.credentials import CODE_LENGTH
from backend.accounts.models import PasswordResetCode
from backend.audit.models import AuditEntry
from backend.core.db import utcnow
from backend.core.readable import ALPHABET as CODE_ALPHABET
from backend.extensions import db
from tests.factories.accounts import DEFAULT_PASSWORD

NEW_PASSWORD = "Hanjiang-Bridge-88"


def log_in(client, user, password=DEFAULT_PASSWORD):
    return client.post("/api/v1/auth/login", json={"phone": user.phone, "password": password})


def change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD):
    return client.post("/api/v1/me/password", json={"current_password": current, "new_password": new})


def issue(client, user):
    return client.post(f"/api/v1/users/{user.id}/password-reset")


def redeem(client, user, code, new=NEW_PASSWORD):
    return client.post("/api/v1/auth/password-reset", json={"phone": user.phone, "code": code, "new_password": new})


@pytest.fixture
def person(make_user):
    return make_user(phone="13700000001", display_name="王秀兰")


@pytest.fixture
def volunteer_in_county(person, grant, make_team):
    """A team leader in 周至县: the county admin is responsible for them."""
    grant(person, "team_leader", team_id=make_team(region_code="610124").id)
    return person


@pytest.fixture
def issued_code(app, volunteer_in_county, county_admin, login):
    admin = app.test_client()
    login(admin, county_admin)
    response = issue(admin, volunteer_in_county)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["code"]


def error_code(response):
    return response.get_json()["error"]["code"]


# --- Changing my password ---------------------------------------------------------------------

def test_a_changed_password_logs_in_and_the_old_one_no_longer_does(client, app, person, login):
    login(client, person)
    assert change(client).status_code == 204
    assert log_in(app.test_client(), person, NEW_PASSWORD).status_code == 200
    assert error_code(log_in(app.test_client(), person)) == "invalid_credentials"


def test_changing_the_password_ends_my_other_sessions_but_not_this_one(client, app, person, login):
    other_phone = app.test_client()
    login(other_phone, person)
    login(client, person)
    assert change(client).status_code == 204
    assert client.get("/api/v1/me").status_code == 200
    assert other_phone.get("/api/v1/me").status_code == 401


def test_a_wrong_current_password_is_refused_and_changes_nothing(client, app, person, login):
    other_phone = app.test_client()
    login(other_phone, person)
    login(client, person)
    response = change(client, current="not-my-password")
    assert response.status_code == 403
    assert error_code(response) == "wrong_current_password"
    assert "current_password" in response.get_json()["error"]["fields"]
    assert log_in(app.test_client(), person).status_code == 200
    assert other_phone.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize(("new", "code"), [("short1", "password_too_short"), ("password123", "password_too_common")])
def test_the_new_password_follows_the_registration_rules(client, app, person, login, new, code):
    login(client, person)
    response = change(client, new=new)
    assert response.status_code == 422
    assert error_code(response) == code
    assert log_in(app.test_client(), person).status_code == 200


def test_the_current_password_is_required(client, person, login):
    login(client, person)
    response = client.post("/api/v1/me/password", json={"new_password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "current_password" in response.get_json()["error"]["fields"]


def test_changing_a_password_needs_a_login(client):
    assert change(client).status_code == 401


def test_the_sixth_wrong_current_password_is_held_even_when_right(client, person, login):
    login(client, person)
    assert [change(client, current=f"guess-{n}").status_code for n in range(5)] == [403] * 5
    assert change(client).status_code == 429


def test_changing_the_password_voids_a_waiting_reset_code(client, volunteer_in_county, issued_code, login):
    login(client, volunteer_in_county)
    assert change(client).status_code == 204
    assert error_code(redeem(client, volunteer_in_county, issued_code, "Another-Pass-2026")) == "invalid_reset_code"


# --- Who may issue a reset code ---------------------------------------------------------------

@pytest.mark.parametrize(("issuer_region", "target", "status"), [
    ("610124", "team_leader_in_county", 201),   # the county admin of the person's team
    ("610100", "team_leader_in_county", 201),   # the city admin above it
    ("610000", "team_leader_in_county", 201),   # the province admin
    ("610528", "team_leader_in_county", 403),   # another county's admin
    (None, "team_leader_in_county", 403),       # not an admin
    ("610124", "resident", 403),                # no region of theirs: the province answers for them
    ("610000", "resident", 201),
    ("610124", "fellow_county_admin", 403),     # an admin's code comes from the province
    ("610000", "fellow_county_admin", 201),
])
def test_who_may_issue_a_reset_code(client, make_user, grant, admin_of, make_team, login, issuer_region, target,
                                    status):
    issuer = admin_of(issuer_region) if issuer_region else make_user()
    person = make_user()
    if target == "team_leader_in_county":
        grant(person, "team_leader", team_id=make_team(region_code="610124").id)
    elif target == "fellow_county_admin":
        grant(person, "association_admin", region_code="610124")
    login(client, issuer)
    assert issue(client, person).status_code == status


def test_an_admin_cannot_issue_a_code_for_themself(client, province_admin, login):
    login(client, province_admin)
    assert issue(client, province_admin).status_code == 403


def test_a_non_admin_learns_nothing_about_which_users_exist(client, make_user, login):
    login(client, make_user())
    assert issue(client, type("Nobody", (), {"id": 999999})).status_code == 403


def test_an_unknown_user_is_404_for_an_admin(client, province_admin, login):
    login(client, province_admin)
    response = client.post("/api/v1/users/999999/password-reset")
    assert response.status_code == 404


# --- The code ---------------------------------------------------------------------------------

def test_the_code_is_short_unambiguous_and_lives_24_hours(client, county_admin, volunteer_in_county, login):
    login(client, county_admin)
    body = issue(client, volunteer_in_county).get_json()
    assert len(body["code"]) == CODE_LENGTH and set(body["code"]) <= set(CODE_ALPHABET)
    assert not set(body["code"]) & set("01OIL")
    from datetime import datetime

    left = datetime.fromisoformat(body["expires_at"]) - utcnow()
    assert timedelta(hours=23, minutes=59) < left <= timedelta(hours=24)


def test_the_code_is_kept_only_as_a_hash(volunteer_in_county, issued_code):
    stored = db.session.scalar(select(PasswordResetCode).where(PasswordResetCode.user_id == volunteer_in_county.id))
    assert issued_code not in stored.code_hash


def test_issuing_is_audited_without_the_code_or_the_phone(volunteer_in_county, county_admin, issued_code):
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.issue_password_reset")).all()
    assert entry.actor_id == county_admin.id
    assert (entry.target_type, entry.target_id, entry.region_code) == ("user", str(volunteer_in_county.id), "610124")
    trail = repr((entry.before, entry.after))
    assert issued_code not in trail and volunteer_in_county.phone not in trail


def test_a_new_code_replaces_the_older_unused_one(client, app, county_admin, volunteer_in_county, issued_code, login):
    login(client, county_admin)
    newer = issue(client, volunteer_in_county).get_json()["code"]
    assert error_code(redeem(app.test_client(), volunteer_in_county, issued_code)) == "invalid_reset_code"
    assert redeem(app.test_client(), volunteer_in_county, newer).status_code == 204


def test_a_code_that_reads_like_a_weak_password_is_still_issued_and_works(
        client, app, county_admin, volunteer_in_county, login, monkeypatch):
    from backend.core import readable

    monkeypatch.setattr(readable, "random_code", lambda length: "QWERTYUP")  # a keyboard walk, were it a password
    login(client, county_admin)
    response = issue(client, volunteer_in_county)
    assert response.status_code == 201, response.get_json()
    assert redeem(app.test_client(), volunteer_in_county, "QWERTYUP").status_code == 204


# --- Redeeming a code -------------------------------------------------------------------------

def test_a_code_sets_the_new_password_and_ends_every_session(client, app, volunteer_in_county, issued_code, login):
    logged_in = app.test_client()
    login(logged_in, volunteer_in_county)
    assert redeem(client, volunteer_in_county, issued_code).status_code == 204
    assert logged_in.get("/api/v1/me").status_code == 401
    assert log_in(app.test_client(), volunteer_in_county, NEW_PASSWORD).status_code == 200
    assert log_in(app.test_client(), volunteer_in_county).status_code == 401


def test_a_code_is_typed_in_any_case_with_spaces(client, app, volunteer_in_county, issued_code):
    typed = f"{issued_code[:4].lower()} {issued_code[4:]}"
    assert redeem(client, volunteer_in_county, typed).status_code == 204
    assert log_in(app.test_client(), volunteer_in_county, NEW_PASSWORD).status_code == 200


def test_a_code_is_spent_once_used(client, volunteer_in_county, issued_code):
    assert redeem(client, volunteer_in_county, issued_code).status_code == 204
    again = redeem(client, volunteer_in_county, issued_code, "Another-Pass-2026")
    assert again.status_code == 401
    assert error_code(again) == "invalid_reset_code"


def test_an_expired_code_is_refused(client, app, volunteer_in_county, issued_code):
    stored = db.session.scalar(select(PasswordResetCode).where(PasswordResetCode.user_id == volunteer_in_county.id))
    stored.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert error_code(redeem(client, volunteer_in_county, issued_code)) == "invalid_reset_code"
    assert log_in(app.test_client(), volunteer_in_county).status_code == 200


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(client, volunteer_in_county, issued_code):
    wrong = redeem(client, volunteer_in_county, "22222222").get_json()
    nobody = redeem(client, type("Nobody", (), {"phone": "13999999999"}), issued_code).get_json()
    assert wrong == nobody
    assert wrong["error"]["code"] == "invalid_reset_code"


def test_a_weak_new_password_is_refused_and_the_code_stays_good(client, volunteer_in_county, issued_code):
    response = redeem(client, volunteer_in_county, issued_code, new="short1")
    assert error_code(response) == "password_too_short"
    assert redeem(client, volunteer_in_county, issued_code).status_code == 204


def test_wrong_codes_for_one_number_are_limited(client, volunteer_in_county, issued_code):
    assert [redeem(client, volunteer_in_county, f"2222222{n}").status_code for n in range(2, 7)] == [401] * 5
    assert redeem(client, volunteer_in_county, issued_code).status_code == 429


def test_resets_share_the_address_limit_with_logins(client, app, volunteer_in_county, issued_code, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_ADDRESS_LIMIT", "2 per 10 minutes")
    assert log_in(client, volunteer_in_county).status_code == 200
    assert redeem(client, volunteer_in_county, "22222222").status_code == 401
    assert redeem(client, volunteer_in_county, issued_code).status_code == 429


def test_two_redemptions_at_once_spend_the_code_once(app, at_once, volunteer_in_county, issued_code):
    from backend.accounts import credentials

    outcomes = at_once(credentials.redeem_reset_code,
                       [(volunteer_in_county.phone, issued_code, f"Parallel-Pass-{n}x") for n in range(2)])
    assert sorted(outcomes) == ["invalid_reset_code", "ok"]
