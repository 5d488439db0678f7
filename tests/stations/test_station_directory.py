"""The public station directory and nearby search: no personal data, nearest first, with distances."""

from geopy.distance import geodesic
from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.extensions import db
from backend.stations.models import StationStatus

PUBLIC_FIELDS = {"id", "kind", "name", "region_code", "host_organisation", "address", "lat", "lng",
                 "fields_of_expertise", "established_on", "status"}


def test_an_admin_creates_a_station_and_it_is_audited(client, login, county_admin):
    login(client, county_admin)
    body = {"kind": "academician_workstation", "name": "周至院士专家工作站", "region_code": "610124",
            "host_organisation": "周至县猕猴桃合作社", "address": "周至县二曲街道", "lat": 34.16, "lng": 108.21,
            "fields_of_expertise": ["猕猴桃栽培"], "established_on": "2021-05-01"}
    response = client.post("/api/v1/stations", json=body)
    assert response.status_code == 201
    assert response.get_json()["status"] == "active" and response.get_json()["fields_of_expertise"] == ["猕猴桃栽培"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "station.create")).one()
    assert entry.actor_id == county_admin.id and entry.region_code == "610124"


def test_a_station_must_be_in_a_county(client, login, province_admin):
    login(client, province_admin)
    body = {"kind": "society_station", "name": "西安市站", "region_code": "610100", "lat": 34.3, "lng": 108.9}
    response = client.post("/api/v1/stations", json=body)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "not_a_county"


def test_an_admin_cannot_move_a_station_out_of_their_county(client, login, county_admin, station):
    login(client, county_admin)
    assert client.patch(f"/api/v1/stations/{station.id}", json={"region_code": "610802"}).status_code == 403


def test_the_directory_shows_public_fields_only_and_hides_suspended_stations(client, make_station, head):
    make_station(name="暂停的站", status=StationStatus.suspended)
    items = client.get("/api/v1/stations").get_json()
    assert [item["name"] for item in items] == ["周至猕猴桃农业专家服务站"]
    assert set(items[0]) == PUBLIC_FIELDS


def test_nearby_lists_stations_nearest_first_with_their_distance(client, make_station):
    make_station(name="远站", lat=34.40, lng=108.2175)   # ~26 km
    make_station(name="近站", lat=34.17, lng=108.2175)   # ~0.5 km
    make_station(name="太远", lat=35.5, lng=108.2175)    # ~150 km
    response = client.get("/api/v1/stations/nearby?lat=34.1651&lng=108.2175&radius_km=30")
    items = response.get_json()
    assert [item["name"] for item in items] == ["近站", "远站"]
    assert 0.4 < items[0]["distance_km"] < 0.7 and 25 < items[1]["distance_km"] < 27
    assert '"total": 2' in response.headers["X-Pagination"]


def test_nearby_pages_in_distance_order(client, make_station):
    for i in range(5):
        make_station(name=f"站{i}", lat=34.1651 + 0.01 * (5 - i), lng=108.2175)
    second = client.get("/api/v1/stations/nearby?lat=34.1651&lng=108.2175&page=2&page_size=2").get_json()
    assert [item["name"] for item in second] == ["站2", "站1"]


def test_nearby_cuts_and_orders_by_the_distance_it_shows(client, make_station):
    origin = (34.21948, 108.67054)
    # due east the great circle is about 0.2 % shorter than the geodesic here, due north about 0.2 % longer
    for km, bearing in [(80.05, 90), (79.95, 0), (42.790, 90), (42.742, 0)]:
        place = geodesic(kilometers=km).destination(origin, bearing)
        make_station(name=f"{km}", lat=place.latitude, lng=place.longitude)
    url = f"/api/v1/stations/nearby?lat={origin[0]}&lng={origin[1]}&radius_km=80"
    items = client.get(url).get_json() + client.get(f"{url}&page=2&page_size=2").get_json()
    assert [(i["name"], i["distance_km"]) for i in items] == [
        ("42.742", 42.742), ("42.79", 42.79), ("79.95", 79.95), ("79.95", 79.95)]


def test_a_station_moved_by_its_admin_is_found_at_its_new_place(client, login, county_admin, make_station):
    station = make_station(name="搬家的站")
    make_station(name="没测位置的站", lat=None, lng=None)
    login(client, county_admin)
    assert client.patch(f"/api/v1/stations/{station.id}", json={"lat": 33.9, "lng": 108.0}).status_code == 200

    def near(lat, lng):
        items = client.get(f"/api/v1/stations/nearby?lat={lat}&lng={lng}&radius_km=5").get_json()
        return [item["name"] for item in items]

    assert near(34.1651, 108.2175) == [] and near(33.9, 108.0) == ["搬家的站"]


def test_nearby_refuses_out_of_range_coordinates(client):
    response = client.get("/api/v1/stations/nearby?lat=91&lng=108")
    assert response.status_code == 422 and "lat" in response.get_json()["error"]["fields"]
