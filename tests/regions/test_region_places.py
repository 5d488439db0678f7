"""Townships of the same name are told apart by the county and city they lie in."""


def _townships(client, q):
    response = client.get("/api/v1/regions", query_string={"q": q, "level": "township", "page_size": 100})
    assert response.status_code == 200
    return response.get_json()


def test_each_township_names_its_city_and_county(client):
    rows = [r for r in _townships(client, "城关镇") if r["name"] == "城关镇"]
    assert len(rows) > 3
    places = [tuple(r["parent_names"]) for r in rows]
    assert len(set(places)) == len(places)  # no two read the same
    assert ("宝鸡市", "凤翔区") in places
    assert all(len(p) == 2 for p in places)


def test_a_county_names_its_city_and_the_province_is_left_out(client):
    county = client.get("/api/v1/regions/610124").get_json()
    assert county["parent_names"] == ["西安市"]
    assert client.get("/api/v1/regions/610000").get_json()["parent_names"] == []


def test_listing_places_runs_the_same_statements_for_few_or_many(client, count_queries):
    counts = []
    for size in (2, 20):
        with count_queries() as counted:
            assert len(client.get("/api/v1/regions", query_string={"q": "城关", "page_size": size}).get_json()) == size
        counts.append(counted.total)
    assert counts[0] == counts[1]
