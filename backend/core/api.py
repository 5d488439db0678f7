"""The flask-smorest Api, with the project's one error shape in the OpenAPI document."""

import marshmallow as ma
from flask_smorest import Api

from backend.core import errors


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(required=True, metadata={"description": "HTTP status"})
    code = ma.fields.String(required=True, metadata={"description": "stable machine-readable code"})
    message = ma.fields.String(required=True, metadata={"description": "human-readable, localised"})
    fields = ma.fields.Dict(metadata={"description": "field name to list of messages"})


class ErrorSchema(ma.Schema):
    """`{"error": {"status": 422, "code": "validation_failed", "message": "...", "fields": {...}}}`"""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


PAGINATION_HEADER = {
    "description": (
        "Paging of the list, as JSON text: total, total_pages, first_page, last_page, page, "
        "previous_page, next_page. A list that is not counted (the nearby search) gives page, first_page, "
        "previous_page and next_page only: there is another page exactly when next_page is present."
    ),
    "schema": {"type": "string"},
}


class OutreachApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def init_app(self, app, *, spec_kwargs=None):
        super().init_app(app, spec_kwargs=spec_kwargs)
        # An HTTP header is text: the paging header is documented as the JSON string it is, not as the
        # object flask-smorest registers under the same name (lazily, so this entry replaces its own).
        if self.spec.openapi_version.major >= 3:
            self.spec.components.header("PAGINATION", PAGINATION_HEADER, lazy=True)

    def handle_http_exception(self, error):
        # One error shape for the whole app, API or not (backend.core.errors registers it for every view).
        return errors.handle_http_exception(error)
