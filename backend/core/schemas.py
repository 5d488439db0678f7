"""Base schemas: unknown fields are refused once here, for every input schema."""

import marshmallow as ma


class BaseSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class PageQuerySchema(BaseSchema):
    """Query arguments flask-smorest's pagination reads; documented so clients know the bounds."""

    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=10_000))
    page_size = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))
