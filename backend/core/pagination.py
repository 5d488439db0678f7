"""Paging for SQLAlchemy selects through flask-smorest's own pagination.

A view decorated with `@blp.paginate(SelectPage)` returns a `select(...)`, or a list that reads its own
page and counts itself (core.nearby.NearbyList); flask-smorest reads
`page` and `page_size` from the query string, documents them, and puts the totals in the
`X-Pagination` header. A list too costly to count (the nearby search) says only whether another
page follows (`OpenEnded`).
"""

import json

import flask_smorest
from flask_smorest import Page
from sqlalchemy import Select, func, select

from backend.core.schemas import INT_MAX
from backend.extensions import db

#: larger offsets overflow the database drivers' integers; no list is that long
MAX_OFFSET = INT_MAX


class SelectPage(Page):
    @property
    def items(self):
        params = self.page_params
        if params.first_item > MAX_OFFSET:
            return []  # far past the last page: empty, as any page after the last is
        if not isinstance(self.collection, Select):
            return self.collection.page(params.first_item, params.page_size)
        stmt = self.collection.limit(params.page_size).offset(params.first_item)
        return db.session.scalars(stmt).all()

    @property
    def item_count(self):
        if not isinstance(self.collection, Select):
            return self.collection.count()
        counted = self.collection.order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(counted))


class OpenEnded:
    """The `item_count` of a list that is not counted: all that is known is whether another page follows.

    A view sets `pagination_parameters.item_count = OpenEnded(has_next)`; the header then carries
    page, first_page, previous_page and next_page, and no total or last_page.
    """

    def __init__(self, has_next: bool):
        self.has_next = has_next


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, which also pages lists that are not counted (`OpenEnded`)."""

    def _set_pagination_metadata(self, page_params, result, headers):
        count = page_params.item_count
        if not isinstance(count, OpenEnded):
            return super()._set_pagination_metadata(page_params, result, headers)
        page = page_params.page
        metadata = {"page": page, "first_page": 1}
        if page > 1:
            metadata["previous_page"] = page - 1
        if count.has_next:
            metadata["next_page"] = page + 1
        headers = {} if headers is None else headers
        headers[self.PAGINATION_HEADER_NAME] = json.dumps(metadata)
        return result, headers
