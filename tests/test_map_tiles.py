"""The map's tiles come from configuration: OpenStreetMap in development, 天地图 (Tianditu) with its key in
production; the PWA reads the choice from the API and the CSP lets exactly that host's images in."""

import pytest

from backend.config import Config, production_problems
from tests.test_production import COMPLETE


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


def _production_problems(monkeypatch, tmp_path, **changes) -> tuple[dict, list[str]]:
    """The production settings with `changes` (None removes one), and what production says of them.

    No app is built: one built on a Redis that is not there would stay the limiter's storage."""
    for name, value in {**COMPLETE, **changes}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    config = vars(Config(tmp_path))
    return config, production_problems(config)


def test_production_uses_tianditu_and_refuses_to_start_without_its_key(monkeypatch, tmp_path):
    config, problems = _production_problems(monkeypatch, tmp_path)
    assert problems == [] and (config["MAP_TILES"], config["TIANDITU_KEY"]) == ("tianditu", "tianditu-browser-key")
    _, problems = _production_problems(monkeypatch, tmp_path, TIANDITU_KEY=None)
    assert len(problems) == 1 and "TIANDITU_KEY" in problems[0]


@pytest.mark.parametrize("source", ["gaode", "google"])
def test_an_unknown_tile_source_is_refused_in_production(monkeypatch, tmp_path, source):
    _, problems = _production_problems(monkeypatch, tmp_path, MAP_TILES=source)
    assert len(problems) == 1 and "MAP_TILES" in problems[0]
