"""Web Push: the server's key, browser subscriptions, and notifications pushed once committed."""

import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from pywebpush import WebPushException
from sqlalchemy import func, select

from backend.extensions import db
from backend.notifications.service import notify
from backend.push import service
from backend.push.models import PushSubscription

SUB = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
       "keys": {"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                "auth": "tBHItJI5svbpez7KI4CCXg"}}


PUBLIC_IP = "142.250.72.10"


@pytest.fixture
def dns(monkeypatch):
    """Name resolution without the network: {host: address}; the push services resolve to a public address."""
    answers = {"fcm.googleapis.com": PUBLIC_IP}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs) if host in ("127.0.0.1", "::1", "localhost") else _unknown()
        family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (answers[host], port))]

    def _unknown():
        raise socket.gaierror("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def pushed(app, monkeypatch, dns):
    """Turn push on (inline), and record what would be sent instead of sending it."""
    sent = []
    monkeypatch.setitem(app.config, "WEB_PUSH_ENABLED", True)
    monkeypatch.setitem(app.config, "WEB_PUSH_INLINE", True)
    monkeypatch.setattr(service, "webpush", lambda info, data, **kw: sent.append((info["endpoint"], data)))
    return sent


def test_public_key_is_made_on_first_use_and_kept(app, client):
    first = client.get("/api/v1/push/key").get_json()["public_key"]
    second = client.get("/api/v1/push/key").get_json()["public_key"]
    assert first == second and len(first) == 87  # 65 bytes, base64url without padding
    assert (Path(app.instance_path) / "vapid_private.pem").exists()


def test_same_browser_subscribing_twice_is_one_subscription(client, make_user, login):
    login(client, make_user())
    assert client.post("/api/v1/push/subscriptions", json=SUB).status_code == 201
    assert client.post("/api/v1/push/subscriptions", json=SUB).status_code == 201
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 1


def test_subscription_needs_login(client):
    assert client.post("/api/v1/push/subscriptions", json=SUB).status_code == 401


def test_plain_http_endpoint_is_refused_naming_the_field(client, make_user, login):
    login(client, make_user())
    response = client.post("/api/v1/push/subscriptions", json={**SUB, "endpoint": "http://push.example.test/x"})
    assert response.status_code == 422
    assert "endpoint" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("method, owner_status", [("get", 200), ("delete", 204)])
@pytest.mark.parametrize("who", ["owner", "other", "anonymous"])
def test_only_the_owner_sees_or_turns_off_a_subscription(app, client, make_user, login, who, method, owner_status):
    owner = make_user()
    login(client, owner)
    sub_id = client.post("/api/v1/push/subscriptions", json=SUB).get_json()["id"]
    client.post("/api/v1/auth/logout")
    if who != "anonymous":
        login(client, owner if who == "owner" else make_user())
    expected = {"owner": owner_status, "other": 403, "anonymous": 401}[who]
    assert getattr(client, method)(f"/api/v1/push/subscriptions/{sub_id}").status_code == expected


def test_my_subscriptions_lists_only_mine(client, make_user, login):
    login(client, make_user())
    client.post("/api/v1/push/subscriptions", json=SUB)
    mine = client.get("/api/v1/push/subscriptions")
    assert [s["endpoint"] for s in mine.get_json()] == [SUB["endpoint"]]
    client.post("/api/v1/auth/logout")
    login(client, make_user())
    assert client.get("/api/v1/push/subscriptions").get_json() == []


def test_notification_is_pushed_to_the_users_browser_after_commit(app, make_user, pushed):
    user = make_user()
    service.subscribe(user, SUB["endpoint"], SUB["keys"]["p256dh"], SUB["keys"]["auth"])
    db.session.commit()
    notify(user.id, "reminder.24h", "明天上午的科普巡讲", link="/events/1")
    assert pushed == []  # nothing leaves before the commit
    db.session.commit()
    assert [endpoint for endpoint, _ in pushed] == [SUB["endpoint"]]
    assert "明天上午的科普巡讲" in pushed[0][1]


def test_rolled_back_notification_is_never_pushed(app, make_user, pushed):
    user = make_user()
    service.subscribe(user, SUB["endpoint"], SUB["keys"]["p256dh"], SUB["keys"]["auth"])
    db.session.commit()
    notify(user.id, "event.changed", "时间变更")
    db.session.rollback()
    db.session.commit()
    assert pushed == []


def test_subscription_the_push_service_says_is_gone_is_dropped(app, make_user, monkeypatch, dns):
    monkeypatch.setitem(app.config, "WEB_PUSH_ENABLED", True)
    monkeypatch.setitem(app.config, "WEB_PUSH_INLINE", True)

    def gone(*args, **kwargs):
        raise WebPushException("gone", response=SimpleNamespace(status_code=410))

    monkeypatch.setattr(service, "webpush", gone)
    user = make_user()
    service.subscribe(user, SUB["endpoint"], SUB["keys"]["p256dh"], SUB["keys"]["auth"])
    db.session.commit()
    notify(user.id, "event.cancelled", "活动取消")
    db.session.commit()
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0


def test_nothing_is_pushed_when_push_is_off(app, make_user, monkeypatch):
    sent = []
    monkeypatch.setattr(service, "webpush", lambda *a, **k: sent.append(a))
    user = make_user()
    service.subscribe(user, SUB["endpoint"], SUB["keys"]["p256dh"], SUB["keys"]["auth"])
    db.session.commit()
    notify(user.id, "event.cancelled", "活动取消")
    db.session.commit()
    assert sent == []


def _notify_a_subscriber(user) -> None:
    service.subscribe(user, SUB["endpoint"], SUB["keys"]["p256dh"], SUB["keys"]["auth"])
    db.session.commit()
    notify(user.id, "event.cancelled", "活动取消")
    db.session.commit()


def _subscribe(client, endpoint):
    return client.post("/api/v1/push/subscriptions", json={**SUB, "endpoint": endpoint})


@pytest.mark.parametrize("endpoint", [
    "https://127.0.0.1:5216/x",
    "https://[::1]/x",
    "https://169.254.169.254/latest/meta-data",
    "https://push.example.test/send/abc123",
    "https://fcm.googleapis.com.attacker.test/x",
    "https://attacker.test/fcm.googleapis.com/x",
    "https://fcm.googleapis.com@127.0.0.1/x",
    "https://fcm.googleapis.com:5216/fcm/send/abc",
    "https://push.apple.com/x",  # the bare domain is not one of its subdomains
])
def test_an_endpoint_off_the_known_push_services_is_refused(client, make_user, login, endpoint):
    login(client, make_user())
    response = _subscribe(client, endpoint)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "push_endpoint_not_allowed" and "endpoint" in error["fields"]
    assert error["message"] == "提醒只能通过浏览器自带的推送服务发送。"
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0


@pytest.mark.parametrize("endpoint", [
    "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bH",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABm",
    "https://web.push.apple.com/QGxxxxxx",
    "https://wns2-bn3p.notify.windows.com/w/?token=BQYAAA",
])
def test_endpoints_of_the_known_push_services_are_accepted(client, make_user, login, endpoint):
    login(client, make_user())
    assert _subscribe(client, endpoint).status_code == 201


def test_an_endpoint_with_a_trailing_newline_is_refused(client, make_user, login):
    login(client, make_user())
    response = _subscribe(client, SUB["endpoint"] + "\n")
    assert response.status_code == 422 and "endpoint" in response.get_json()["error"]["fields"]


def test_the_push_hosts_come_from_configuration(app, client, make_user, login, monkeypatch):
    monkeypatch.setitem(app.config, "WEB_PUSH_HOSTS", ["push.example.test"])
    login(client, make_user())
    assert _subscribe(client, "https://push.example.test/send/abc123").status_code == 201
    assert _subscribe(client, SUB["endpoint"]).status_code == 422


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.1.20", "169.254.169.254", "::1", "fe80::1",
                                     "::ffff:127.0.0.1"])
def test_nothing_is_sent_to_a_push_host_that_resolves_to_a_private_address(app, make_user, pushed, dns, address):
    dns["fcm.googleapis.com"] = address
    _notify_a_subscriber(make_user())
    assert pushed == []


def test_a_redirect_from_the_push_service_is_not_followed(app, make_user, monkeypatch, dns):
    """The real pywebpush sends through requests; the transport answers the first request with a redirect."""
    monkeypatch.setitem(app.config, "WEB_PUSH_ENABLED", True)
    monkeypatch.setitem(app.config, "WEB_PUSH_INLINE", True)
    requested = []

    def send(adapter, request, **kwargs):
        requested.append(request.url)
        response = requests.Response()
        response.status_code, response.url, response.request = 307, request.url, request
        response.headers["Location"] = "https://127.0.0.1:5216/x"
        response._content = b""
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    _notify_a_subscriber(make_user())
    assert requested == [SUB["endpoint"]]
