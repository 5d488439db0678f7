"""Error messages in Chinese by default and in English on request, with the same code."""

import os

from backend.translations import ensure_compiled


def wrong_password(client, make_user, **headers):
    user = make_user()
    return client.post("/api/v1/auth/login", json={"phone": user.phone, "password": "not-it-at-all"}, headers=headers)


def test_errors_are_in_chinese_by_default(client, make_user):
    body = wrong_password(client, make_user).get_json()["error"]
    assert body["message"] == "手机号或密码错误。"


def test_errors_are_in_english_when_asked(client, make_user):
    body = wrong_password(client, make_user, **{"Accept-Language": "en-GB,en;q=0.9"}).get_json()["error"]
    assert body["message"] == "Wrong phone number or password."


def test_the_code_is_the_same_in_both_languages(client, make_user):
    zh = wrong_password(client, make_user, **{"Accept-Language": "zh-CN"}).get_json()["error"]
    en = wrong_password(client, make_user, **{"Accept-Language": "en"}).get_json()["error"]
    assert zh["code"] == en["code"] == "invalid_credentials"
    assert zh["message"] != en["message"]


def test_field_messages_are_translated(client):
    body = client.post("/api/v1/auth/register", json={"phone": "12345"}).get_json()["error"]
    assert body["fields"]["phone"] == ["请输入中国大陆手机号：以13-19开头的11位数字。"]
    assert body["fields"]["password"] == ["此项为必填项。"]


def test_field_messages_stay_english_when_asked(client):
    body = client.post("/api/v1/auth/register", json={"phone": "12345"}, headers={"Accept-Language": "en"})
    assert body.get_json()["error"]["fields"]["password"] == ["Missing data for required field."]


def test_generic_errors_are_translated(client):
    assert client.get("/api/v1/me").get_json()["error"]["message"] == "请先登录。"


def test_the_catalogue_is_compiled_when_missing_or_stale(tmp_path):
    po = tmp_path / "zh" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Not found."\nmsgstr "未找到。"\n'
    )
    assert ensure_compiled(tmp_path) == [po.with_suffix(".mo")]
    assert ensure_compiled(tmp_path) == []  # up to date: left alone
    os.utime(po.with_suffix(".mo"), (0, 0))
    assert ensure_compiled(tmp_path) == [po.with_suffix(".mo")]
