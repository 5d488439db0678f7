"""Trivial passwords are refused at registration, each with a code and a reason the person understands."""

import pytest

from backend.accounts import passwords

PASSWORD = "Qinling-Field-2026"  # what the make_user fixture sets


def register(client, password, phone="13912345678"):
    return client.post("/api/v1/auth/register", json={"phone": phone, "password": password},
                       headers={"Accept-Language": "zh"})


@pytest.mark.parametrize(("password", "code", "reason"), [
    ("00000000", "password_too_common", "常见"),
    ("88888888", "password_too_common", "常见"),
    ("woaini1314", "password_too_common", "常见"),
    ("111222tianya", "password_too_common", "常见"),
    ("xiazhili", "password_too_common", "常见"),
    ("rrrrrrrrrrrr", "password_repeated", "重复"),
    ("abcabcabcabc", "password_repeated", "重复"),
    ("737373737373", "password_repeated", "重复"),
    ("98765432", "password_sequence", "连续"),
    ("hgfedcba", "password_sequence", "连续"),
    ("ytrewqasd", "password_keyboard_walk", "键盘"),
    ("3edc4rfv5tgb", "password_keyboard_walk", "键盘"),
    ("15991234567", "password_phone_number", "手机号"),
    ("+86 139-1234-5678", "password_phone_number", "手机号"),
])
def test_a_trivial_password_is_refused_saying_why(client, password, code, reason):
    response = register(client, password)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == code
    assert reason in error["fields"]["password"][0]
    assert reason in error["message"]


@pytest.mark.parametrize("password", ["00000000", "123123123", "88888888", "aaaaaaaa", "0123456789", "woaini1314"])
def test_the_passwords_from_the_issue_are_refused(client, password):
    assert register(client, password).status_code == 422


@pytest.mark.parametrize("password", [PASSWORD, "Huashan-2026-xian", "wo-zai-yan'an-1937", "qinqiang-tonggu"])
def test_an_ordinary_password_is_accepted(client, password):
    assert register(client, password).status_code == 201


def test_the_chinese_list_is_in_the_documented_common_passwords(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["components"]["schemas"]["RegisterIn"]["properties"]["password"]
    assert {"woaini1314", "dearbook", "5201314520"} <= set(schema["not"]["enum"])
    assert "mobile number" in schema["description"]


def test_a_password_cannot_be_hashed_without_passing_the_rules(app):
    """Every way of setting a password (registration, a change, a reset) hashes it through this one door."""
    from backend.accounts import service
    from backend.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        service.hash_password("1qaz2wsx3edc")
    assert refused.value.code in {"password_too_common", "password_keyboard_walk"}


def test_every_listed_common_password_is_long_enough_to_need_the_list():
    assert all(len(p) >= passwords.MIN_LENGTH for p in passwords.COMMON_PASSWORDS)
