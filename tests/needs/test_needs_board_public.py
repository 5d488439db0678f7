"""The public board and its Open311 GeoReport v2 view: accepted public needs only, at their township's
point, never the asker (no name, phone, organisation or the need's own point anywhere in the answers)."""

import json

from backend.extensions import db
from backend.regions.models import Region
from tests.needs.conftest import ERQU, GULOU, YABAI

OWN_POINT = (34.1777, 108.0999)  # where the asker stood: never shown


def _answers(client, paths):
    return {path: client.get(path) for path in paths}


def _make_board(raise_need, need_flow, asker):
    shown = raise_need(township_code=YABAI, lat=OWN_POINT[0], lng=OWN_POINT[1], title="猕猴桃溃疡病防治")
    need_flow.accept(shown)
    served = raise_need(township_code=ERQU, kind="training", field="planting", industry="小麦", title="小麦条锈病培训")
    need_flow.resolve(served)
    private = raise_need(title="不公开的需求", is_public=False)
    need_flow.accept(private)
    waiting = raise_need(title="待受理的需求")
    far = raise_need(township_code=GULOU, title="榆阳的需求")
    need_flow.accept(far)
    return shown, served, private, waiting, far


def test_board_shows_accepted_public_needs_at_the_township_point(app, client, raise_need, need_flow, asker):
    shown, served, private, waiting, far = _make_board(raise_need, need_flow, asker)
    response = client.get("/api/v1/needs/board")
    assert response.status_code == 200
    rows = response.get_json()
    assert [r["id"] for r in rows] == [far.id, served.id, shown.id]
    assert json.loads(response.headers["X-Pagination"])["total"] == 3
    row = next(r for r in rows if r["id"] == shown.id)
    yabai = db.session.get(Region, YABAI)
    assert (row["lat"], row["lng"]) == (yabai.lat, yabai.lng) != OWN_POINT
    assert row["township_name"] == "哑柏镇" and row["county_name"] == "周至县"
    assert row["kind"] == "consulting" and row["field"] == "fruit_tea" and row["status"] == "accepted"
    assert row["age_days"] == 0 and row["overdue"] is False
    # filters
    assert [r["id"] for r in client.get("/api/v1/needs/board?region_code=610802").get_json()] == [far.id]
    assert [r["id"] for r in client.get("/api/v1/needs/board?kind=training").get_json()] == [served.id]
    assert [r["id"] for r in client.get("/api/v1/needs/board?field=planting").get_json()] == [served.id]
    assert [r["id"] for r in client.get("/api/v1/needs/board?status=resolved").get_json()] == [served.id]
    assert client.get("/api/v1/needs/board?status=submitted").status_code == 422
    assert len(client.get("/api/v1/needs/board?page_size=1&page=3").get_json()) == 1


def test_open311_reads_the_board(app, client, raise_need, need_flow, asker):
    shown, served, private, waiting, far = _make_board(raise_need, need_flow, asker)
    services = client.get("/open311/v2/services.json").get_json()
    assert {"service_code": "consulting", "service_name": "技术咨询"}.items() <= services[0].items()
    assert len(services) == 10
    requests = client.get("/open311/v2/requests.json").get_json()
    assert {r["service_request_id"] for r in requests} == {str(shown.id), str(served.id), str(far.id)}
    one = next(r for r in requests if r["service_request_id"] == str(shown.id))
    yabai = db.session.get(Region, YABAI)
    assert (one["lat"], one["long"]) == (yabai.lat, yabai.lng)
    assert one["status"] == "open" and one["status_notes"] == "受理" and one["service_code"] == "consulting"
    assert one["agency_responsible"] == "周至县科学技术协会" and one["address"] == "周至县哑柏镇"
    assert one["requested_datetime"] and one["updated_datetime"] and one["expected_datetime"]
    closed = client.get("/open311/v2/requests.json?status=closed").get_json()
    assert [r["service_request_id"] for r in closed] == [str(served.id)]
    assert closed[0]["status_notes"] == "已现场指导"
    assert {r["service_request_id"] for r in client.get("/open311/v2/requests.json?status=open").get_json()} \
        == {str(shown.id), str(far.id)}
    assert [r["service_request_id"] for r in client.get(
        "/open311/v2/requests.json?service_code=training").get_json()] == [str(served.id)]
    item = client.get(f"/open311/v2/requests/{shown.id}.json")
    assert item.status_code == 200 and item.get_json()[0]["service_request_id"] == str(shown.id)
    for hidden in (private.id, waiting.id, "-1", "abc", "99999999999"):
        missing = client.get(f"/open311/v2/requests/{hidden}.json")
        assert missing.status_code == 404 and missing.get_json()[0]["code"] == 404


def test_no_personal_data_anywhere_on_the_board(app, client, raise_need, need_flow, asker, team_leader):
    _make_board(raise_need, need_flow, asker)
    paths = ["/api/v1/needs/board", "/open311/v2/requests.json", "/open311/v2/services.json"]
    texts = [r.get_data(as_text=True) for r in _answers(client, paths).values()]
    for secret in (asker.phone, asker.display_name, team_leader.phone, "某某村委会", str(OWN_POINT[0]),
                   "果园里溃疡病越来越多"):
        assert not any(secret in text for text in texts), secret
