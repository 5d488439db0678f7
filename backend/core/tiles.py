"""The map's tiles, from configuration: 天地图 (Tianditu, the state's map service) in production,
OpenStreetMap in development (`MAP_TILES=tianditu|osm`, Tianditu's key in `TIANDITU_KEY`).

Tianditu's key is a browser key: every phone that shows the map sends it, so it is public by design
(restricted to the site's domain in Tianditu's console), and the API serves it to the PWA.

Both sources are in WGS-84 (Tianditu's CGCS2000 matches it at a map's scale) on Web Mercator tiles,
like every position in this app, so nothing is converted. A GCJ-02 source (Gaode, Tencent) would say
`coordinates: "gcj02"` here, and the PWA's map layer (pwa/src/views/map.js) alone would convert the
positions it draws; the API and the database stay in WGS-84.
"""

#: Leaflet's placeholders {s} {z} {x} {y} are filled on the phone; LAYER and KEY here.
TIANDITU_URL = ("https://t{s}.tianditu.gov.cn/LAYER_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER=LAYER&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY")

SOURCES = ("tianditu", "osm")
HOSTS = {"tianditu": "https://*.tianditu.gov.cn", "osm": "https://*.tile.openstreetmap.org"}


def _tianditu_layer(layer: str, key: str) -> dict:
    return {"url": TIANDITU_URL.replace("LAYER", layer).replace("KEY", key), "subdomains": "01234567",
            "attribution": "© 天地图 Tianditu", "max_zoom": 18}


def tile_config(config) -> dict:
    """What the PWA's map draws: the source, its layers bottom first, and the coordinates they use."""
    if config.get("MAP_TILES") == "tianditu":
        key = config.get("TIANDITU_KEY") or ""
        layers = [_tianditu_layer("vec", key), _tianditu_layer("cva", key)]  # streets, then their labels
        return {"source": "tianditu", "coordinates": "wgs84", "layers": layers}
    layer = {"url": "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "subdomains": "abc",
             "attribution": "© OpenStreetMap", "max_zoom": 19}
    return {"source": "osm", "coordinates": "wgs84", "layers": [layer]}


def tile_host(config) -> str:
    """The host pattern the CSP's img-src must allow for the configured tiles."""
    return HOSTS.get(config.get("MAP_TILES"), HOSTS["osm"])


def tile_problems(config) -> list[str]:
    """A production deployment's missing or unfit tile settings."""
    if config.get("MAP_TILES") not in SOURCES:
        return [f"MAP_TILES is not one of {', '.join(SOURCES)} (the map's tiles)."]
    if config.get("MAP_TILES") == "tianditu" and not config.get("TIANDITU_KEY"):
        return ["TIANDITU_KEY is not set (天地图's browser key, for the map's tiles)."]
    return []
