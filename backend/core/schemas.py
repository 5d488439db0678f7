"""Base schemas: unknown fields are refused once here, for every input schema."""

from datetime import UTC, datetime

import marshmallow as ma

from backend.translations import N_

#: What a database integer column holds; larger numbers are refused as input, not overflowed.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
NO_NUL_MESSAGE = N_("Text may not contain NUL characters.")


class BaseSchema(ma.Schema):
    """Input schemas: unknown fields are refused, and every field is bounded by what the database stores.

    A string may not carry a NUL byte (PostgreSQL cannot store or compare one) and an integer must
    fit a 32-bit column. Both limits are added to fields that state no stricter rule of their own,
    and they appear in the OpenAPI document (a pattern, a minimum and maximum), so clients know them.
    A time must also have a UTC value, as it is stored in UTC (only the first and last hours of
    years 1 and 9999 have none: JSON Schema cannot say so, and no client sends them on purpose).
    """

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def on_bind_field(self, field_name: str, field_obj: ma.fields.Field) -> None:
        _bound(field_obj)


class PatchSchema(BaseSchema):
    """The one way to write a patch schema: `class EventPatchIn(PatchSchema, EventFields)`.

    A record's editable fields are one schema (`EventFields`); its create schema extends it with what
    only creation sets (`EventIn`: its roles); its patch schema is those editable fields loaded with
    `partial=True`: any subset, each under the same rules as at creation. A field that may not change
    after creation (a campaign's or a team's region) is simply not in the editable fields, so a patch
    that sends it is refused as unknown. A record that is never created through the API (a region)
    has only a patch schema.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # a field left out stays as it is: it has no default here
            field.load_default = ma.missing


def _bound(field: ma.fields.Field) -> None:
    if isinstance(field, ma.fields.List):
        _bound(field.inner)
    elif isinstance(field, ma.fields.String) and not any(isinstance(v, ma.validate.Regexp) for v in field.validators):
        field.validators = [*field.validators, FullMatch(r"^[^\x00]*$", error=NO_NUL_MESSAGE)]
    elif isinstance(field, ma.fields.Integer):
        field.validators = [*field.validators, ma.validate.Range(INT_MIN, INT_MAX)]
    elif isinstance(field, ma.fields.DateTime):
        field.validators = [*field.validators, fits_utc]


TIME_OUT_OF_RANGE_MESSAGE = N_("This time is out of range.")


def fits_utc(value: datetime) -> datetime:
    """Times are stored in UTC: 0001-01-01T00:00+14:00 or 9999-12-31T23:59-14:00 have no UTC value."""
    if value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ma.ValidationError(TIME_OUT_OF_RANGE_MESSAGE) from None
    return value


class FullMatch(ma.validate.Regexp):
    """A pattern the whole value must match: Python's `$` would let a trailing newline through, JSON Schema's not.

    The pattern is written for both (ECMA-262 for the OpenAPI document, Python here)."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


CONTROL_CHARS_MESSAGE = N_("Control characters are not allowed.")
#: NUL and other control characters are refused (PostgreSQL cannot store NUL in text); the pattern is documented
no_control_chars = FullMatch(r"^[^\x00-\x1f\x7f]*$", error=CONTROL_CHARS_MESSAGE)


class RecordId(ma.fields.Integer):
    """A primary key given by the client: a positive 32-bit integer (strict in JSON, text in a query string)."""

    def __init__(self, strict: bool = True, **kwargs):
        super().__init__(strict=strict, validate=ma.validate.Range(min=1, max=INT_MAX), **kwargs)
