"""The map's tiles come from configuration: OpenStreetMap in development, 天地图 (Tianditu) with its key in
production; the PWA reads the choice from the API and the CSP lets exactly that host's images in."""

import pytest

from tests.test_production import _refusal, production  # noqa: F401 (the fixture)


def _img_src(response) -> str:
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return policy["img-src"]


def test_development_serves_openstreetmap_tiles(client):
    response = client.get("/api/v1/map/tiles")
    assert response.status_code == 200
    tiles = response.get_json()
    assert tiles["source"] == "osm" and tiles["coordinates"] == "wgs84"
    assert [layer["url"] for layer in tiles["layers"]] == ["https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert "https://*.tile.openstreetmap.org" in _img_src(response)


def test_tianditu_serves_its_layers_with_the_key_and_the_csp_allows_its_host(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILES", "tianditu")
    monkeypatch.setitem(app.config, "TIANDITU_KEY", "k3y")
    response = client.get("/api/v1/map/tiles")
    tiles = response.get_json()
    assert tiles["source"] == "tianditu" and tiles["coordinates"] == "wgs84"
    urls = [layer["url"] for layer in tiles["layers"]]
    assert len(urls) == 2  # the streets, and their Chinese labels on top
    assert all(url.startswith("https://t{s}.tianditu.gov.cn/") and url.endswith("&tk=k3y") for url in urls)
    assert "{z}" in urls[0] and "{x}" in urls[0] and "{y}" in urls[0]
    assert "天地图" in tiles["layers"][0]["attribution"]
    img_src = _img_src(response)
    assert "https://*.tianditu.gov.cn" in img_src and "openstreetmap" not in img_src
    assert "tianditu" in _img_src(client.get("/"))  # the shell's page, which shows the map


def test_production_uses_tianditu_and_refuses_to_start_without_its_key(production):  # noqa: F811
    assert any("TIANDITU_KEY" in problem for problem in _refusal(production, TIANDITU_KEY=None))
    app = production()
    assert (app.config["MAP_TILES"], app.config["TIANDITU_KEY"]) == ("tianditu", "tianditu-browser-key")


@pytest.mark.parametrize("source", ["gaode", "google"])
def test_an_unknown_tile_source_is_refused_in_production(production, source):  # noqa: F811
    assert any("MAP_TILES" in problem for problem in _refusal(production, MAP_TILES=source))
