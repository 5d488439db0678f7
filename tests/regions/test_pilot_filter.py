"""`GET /regions?is_pilot=` keeps only the pilot counties (or only the others): the province's list of pilots."""

from backend.extensions import db
from backend.regions.models import Region


def _mark(*codes):
    for code in codes:
        db.session.get(Region, code).is_pilot = True
    db.session.commit()


def test_only_pilot_counties_are_listed_when_asked(client):
    _mark("610124", "610802")
    response = client.get("/api/v1/regions?is_pilot=true&page_size=100")
    assert response.status_code == 200
    assert sorted(r["code"] for r in response.get_json()) == ["610124", "610802"]
    assert response.headers["X-Pagination"] and '"total": 2' in response.headers["X-Pagination"]


def test_the_others_are_listed_with_false_and_the_filter_combines_with_the_level(client):
    _mark("610124")
    answer = client.get("/api/v1/regions?level=county&is_pilot=false&page_size=100")
    codes = [r["code"] for r in answer.get_json()]
    assert "610124" not in codes and "610802" in codes
    assert all(r["level"] == "county" and r["is_pilot"] is False for r in answer.get_json())
    everything = client.get("/api/v1/regions?level=county&page_size=100").get_json()
    assert "610124" in [r["code"] for r in everything]  # without the filter, both kinds


def test_no_pilots_means_an_empty_list_not_every_region(client):
    assert client.get("/api/v1/regions?is_pilot=true").get_json() == []
