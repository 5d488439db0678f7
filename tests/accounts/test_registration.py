"""Registering with a mainland mobile number and a password, and the own profile."""

import pytest

from backend.accounts.models import User
from backend.extensions import db

PASSWORD = "Qinling-Field-2026"


def register(client, **body):
    return client.post("/api/v1/auth/register", json={"phone": "13912345678", "password": PASSWORD, **body})


def test_registering_logs_the_new_user_in(client):
    response = register(client, display_name="王秀兰")
    assert response.status_code == 201
    me = client.get("/api/v1/me").get_json()
    assert me["phone"] == "13912345678"
    assert me["display_name"] == "王秀兰"
    assert me["grants"] == []
    assert me["is_volunteer"] is False


MALFORMED_PHONES = [
    "12345", "+1 555 123 4567", "2381234567", "12912345678", "139123456789", "13912345678\n", "１３９１２３４５６７８",
]


@pytest.mark.parametrize("phone", MALFORMED_PHONES)
def test_malformed_phone_is_refused_naming_the_field(client, phone):
    response = register(client, phone=phone)
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["code"] == "validation_failed"
    assert "phone" in body["fields"]
    assert db.session.query(User).count() == 0


def test_password_under_8_characters_is_refused(client):
    response = register(client, password="Qin-12")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "password_too_short"
    assert "password" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("password", ["password123", "12345678", "Iloveyou"])
def test_common_password_is_refused(client, password):
    response = register(client, password=password)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "password_too_common"


def test_taken_phone_is_refused_with_409(client, make_user):
    make_user(phone="13912345678")
    response = register(client)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "phone_taken"


def test_missing_password_names_the_field(client):
    response = client.post("/api/v1/auth/register", json={"phone": "13912345678"})
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_display_name_with_a_nul_byte_is_refused(client):
    response = register(client, display_name="王\x00")
    assert response.status_code == 422
    assert "display_name" in response.get_json()["error"]["fields"]


def test_unknown_field_is_refused(client):
    response = register(client, is_admin=True)
    assert response.status_code == 422
    assert "is_admin" in response.get_json()["error"]["fields"]


def test_password_is_stored_as_an_scrypt_hash(client):
    register(client)
    user = db.session.query(User).one()
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_profile_needs_a_login(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_authenticated"


def test_display_name_can_be_changed(client, make_user, login):
    login(client, make_user(display_name="旧名"))
    response = client.patch("/api/v1/me", json={"display_name": " 李建国 "})
    assert response.status_code == 200
    assert client.get("/api/v1/me").get_json()["display_name"] == "李建国"


def test_profile_lists_the_users_roles(client, make_user, grant, login):
    user = make_user()
    grant(user, "association_admin", region_code="610124")
    login(client, user)
    grants = client.get("/api/v1/me").get_json()["grants"]
    assert [(g["role"], g["region_code"]) for g in grants] == [("association_admin", "610124")]


def test_profile_says_volunteer_once_a_volunteer_profile_is_filled(client, make_user, login):
    from backend.extensions import db
    from backend.volunteers import service as volunteers
    from backend.volunteers.models import Field

    user = make_user()
    login(client, user)
    assert client.get("/api/v1/me").get_json()["is_volunteer"] is False
    volunteers.save_profile(user, {"real_name": "王小明", "fields": [Field.planting], "home_region_code": "610124"})
    db.session.commit()
    assert client.get("/api/v1/me").get_json()["is_volunteer"] is True
