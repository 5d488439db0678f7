"""Base schemas: unknown fields are refused once here, for every input schema."""

import marshmallow as ma


class BaseSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class FullMatch(ma.validate.Regexp):
    """A pattern the whole value must match: Python's `$` would let a trailing newline through, JSON Schema's not.

    The pattern is written for both (ECMA-262 for the OpenAPI document, Python here)."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value
