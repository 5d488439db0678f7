"""Schemas of regions."""

import marshmallow as ma

from backend.core.schemas import BaseSchema
from backend.regions.models import RegionLevel, Zone


class RegionOut(BaseSchema):
    code = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    name_en = ma.fields.String(dump_only=True)
    level = ma.fields.Enum(RegionLevel, dump_only=True)
    parent_code = ma.fields.String(allow_none=True, dump_only=True)
    zone = ma.fields.Enum(Zone, allow_none=True, dump_only=True)
    lat = ma.fields.Float(dump_only=True, metadata={"description": "WGS-84 latitude"})
    lng = ma.fields.Float(dump_only=True, metadata={"description": "WGS-84 longitude"})
    is_approximate = ma.fields.Boolean(
        dump_only=True, metadata={"description": "true when the gazetteer has no point and the county's stands in"}
    )
    is_pilot = ma.fields.Boolean(dump_only=True)
    parent_names = ma.fields.Function(
        lambda r: r.parent_names(), dump_only=True,
        metadata={"description": "the city and county it lies in, from the top (the province left out): "
                                 "what tells apart the many townships called 城关镇"},
    )


class RegionQuery(BaseSchema):
    q = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "a code, part of the Chinese name, or a pinyin prefix (zhouzhi, 周至, 周)"},
    )
    level = ma.fields.Enum(RegionLevel)
    parent_code = ma.fields.String(validate=ma.validate.Regexp(r"^\d{6}$"))
    is_pilot = ma.fields.Boolean(metadata={"description": "true: only pilot counties; false: only the others"})


class RegionPatch(BaseSchema):
    is_pilot = ma.fields.Boolean(required=True)
