"""In-app notifications: a user marks some or all read; nobody else's change."""

from backend.extensions import db
from backend.notifications.service import notify


def test_marking_read_counts_only_ones_own_unread_notifications(client, make_user, login):
    me, other = make_user(), make_user()
    for i in range(3):
        notify(me.id, "test", f"通知{i}")
    notify(other.id, "test", "别人的通知")
    db.session.commit()
    login(client, me)
    first = client.get("/api/v1/me/notifications").get_json()[0]["id"]
    assert client.post("/api/v1/me/notifications/read", json={"ids": [first]}).get_json() == {"marked": 1}
    assert client.post("/api/v1/me/notifications/read", json={}).get_json() == {"marked": 2}
    assert client.post("/api/v1/me/notifications/read", json={}).get_json() == {"marked": 0}
    assert client.get("/api/v1/me/notifications?unread=true").get_json() == []
    login(client, other)
    assert len(client.get("/api/v1/me/notifications?unread=true").get_json()) == 1
