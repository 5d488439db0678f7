"""Paging for SQLAlchemy selects through flask-smorest's own pagination.

A view decorated with `@blp.paginate(SelectPage)` returns a `select(...)`; flask-smorest reads
`page` and `page_size` from the query string, documents them, and puts the totals in the
`X-Pagination` header.
"""

from flask_smorest import Page
from sqlalchemy import func, select

from backend.extensions import db

MAX_PAGE_SIZE = 100
#: larger offsets overflow the database drivers' integers; no list is that long
MAX_OFFSET = 2**31 - 1


class SelectPage(Page):
    @property
    def items(self):
        params = self.page_params
        if params.first_item > MAX_OFFSET:
            return []  # far past the last page: empty, as any page after the last is
        stmt = self.collection.limit(params.page_size).offset(params.first_item)
        return db.session.scalars(stmt).all()

    @property
    def item_count(self):
        counted = self.collection.order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(counted))
