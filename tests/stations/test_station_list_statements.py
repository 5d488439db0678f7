"""The stations' lists run a fixed number of SQL statements however many rows they show."""

from tests.stations.conftest import make_log, send_batch


def test_stations_statements_do_not_grow_with_its_rows(client, make_station, list_statements):
    add = lambda n: [make_station(name=f"站{i}") for i in range(n)]  # noqa: E731
    assert list_statements(client, "/api/v1/stations", add) <= 3


def test_nearby_stations_statements_do_not_grow_with_its_rows(client, make_station, list_statements):
    add = lambda n: [make_station(name=f"站{i}") for i in range(n)]  # noqa: E731
    url = "/api/v1/stations/nearby?lat=34.1651&lng=108.2175&radius_km=30&page_size=100"
    assert list_statements(client, url, add) <= 5


def test_station_fieldlogs_statements_do_not_grow_with_its_rows(head_client, station, list_statements):
    def sync(n):
        assert send_batch(head_client, station.id, [make_log() for _ in range(n)]).status_code == 200

    assert list_statements(head_client, f"/api/v1/stations/{station.id}/fieldlogs", sync) <= 9
