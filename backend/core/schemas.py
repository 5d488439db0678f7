"""Base schemas: unknown fields are refused once here, for every input schema."""

import marshmallow as ma


class BaseSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True
