"""What the app relies on in flask-smorest beyond its public API: fails loudly when an upgrade changes it.

backend.core.pagination.Blueprint overrides `_set_pagination_metadata` (flask-smorest's docstring says
"Override this to set pagination data another way"; there is no public hook for a list that is not
counted). The Api uses only public methods (`init_app`, `handle_http_exception`), but replaces the
header component flask-smorest registers under the name "PAGINATION".
"""

import inspect
import json

import flask_smorest
import pytest
from flask import Flask

from backend.core.api import OutreachApi
from backend.core.pagination import Blueprint, OpenEnded


def test_the_overridden_pagination_method_has_flask_smorests_signature():
    ours = inspect.signature(Blueprint._set_pagination_metadata)
    theirs = inspect.signature(flask_smorest.Blueprint._set_pagination_metadata)
    assert ours == theirs
    assert "self._set_pagination_metadata(" in inspect.getsource(flask_smorest.Blueprint.paginate)


@pytest.fixture
def paged_app():
    """A bare app with the project's Api and Blueprint: one counted list and one that is not."""
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="v1", OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX="/api",
                      OPENAPI_JSON_PATH="openapi.json")
    api = OutreachApi(app)
    blp = Blueprint("contract", __name__)

    @blp.route("/counted")
    @blp.response(200)
    @blp.paginate(flask_smorest.Page, page_size=2)
    def counted():
        return [1, 2, 3, 4, 5]

    @blp.route("/open")
    @blp.response(200)
    @blp.paginate(page_size=2)
    def open_ended(pagination_parameters):
        pagination_parameters.item_count = OpenEnded(has_next=True)
        return [1, 2]

    api.register_blueprint(blp)
    return app


def test_a_counted_list_keeps_flask_smorests_paging_header(paged_app):
    response = paged_app.test_client().get("/counted?page=2")
    assert response.get_json() == [3, 4]
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 5, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 2, "previous_page": 1, "next_page": 3}


def test_a_list_that_is_not_counted_says_only_whether_another_page_follows(paged_app):
    response = paged_app.test_client().get("/open?page=2")
    assert json.loads(response.headers["X-Pagination"]) == {
        "page": 2, "first_page": 1, "previous_page": 1, "next_page": 3}


def test_the_paging_header_is_documented_as_text(paged_app):
    spec = paged_app.test_client().get("/api/openapi.json").get_json()
    assert spec["components"]["headers"]["PAGINATION"]["schema"] == {"type": "string"}
    headers = spec["paths"]["/counted"]["get"]["responses"]["200"]["headers"]
    assert headers == {"X-Pagination": {"$ref": "#/components/headers/PAGINATION"}}


def test_errors_flask_smorest_raises_have_the_apps_one_shape(client):
    response = client.get("/api/v1/regions?page=0")  # refused by flask-smorest's own paging arguments
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"]["code"] == "validation_failed" and body["error"]["status"] == 422
    assert "page" in body["error"]["fields"]
