"""HTTP API of the map's configuration: which tiles the PWA draws (backend/core/tiles.py)."""

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from backend.core.tiles import tile_config

blp = Blueprint("map", __name__, description="The map's tile source, from configuration")


class TileLayerOut(ma.Schema):
    url = ma.fields.String(required=True, metadata={"description": "an XYZ template with {s} {z} {x} {y}"})
    subdomains = ma.fields.String(required=True, metadata={"description": "what {s} takes, one character each"})
    attribution = ma.fields.String(required=True)
    max_zoom = ma.fields.Integer(required=True)


class MapTilesOut(ma.Schema):
    source = ma.fields.String(required=True, metadata={"description": "tianditu or osm"})
    coordinates = ma.fields.String(
        required=True, metadata={"description": "the tiles' datum: wgs84 (a gcj02 source is converted by the map)"})
    layers = ma.fields.List(ma.fields.Nested(TileLayerOut), required=True, metadata={"description": "bottom first"})


@blp.route("/map/tiles")
class MapTiles(MethodView):
    @blp.response(200, MapTilesOut)
    def get(self):
        """The tile source the map draws: 天地图 in production, OpenStreetMap in development."""
        return tile_config(current_app.config)
