"""What every blueprint that takes uploads or sends files shares.

`UploadBlueprint` is core.pagination's Blueprint with a `multipart` argument location: form fields and
files of one multipart/form-data body, loaded by one schema (`@blp.arguments(PhotoIn, location="multipart")`).
`binary_response()` documents an answer that is a file (a photo, a workbook) in the OpenAPI.
"""

from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from backend.core.pagination import Blueprint


class MultipartParser(FlaskParser):
    """Adds the `multipart` location: form fields and files of one multipart/form-data body, in one schema."""

    def load_multipart(self, req, schema):
        return MultiDictProxy(CombinedMultiDict([req.form, req.files]), schema)

    __location_map__ = {**FlaskParser.__location_map__, "multipart": "load_multipart"}


class UploadBlueprint(Blueprint):
    ARGUMENTS_PARSER = MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "multipart": "multipart/form-data"}


def binary_response(content_type: str, description: str) -> dict:
    """`@blp.doc(responses=binary_response("image/jpeg", "the photo"))`: a 200 that is a file."""
    return {"200": {"description": description,
                    "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}}
