"""Lock exceptions: the province opens a locked month for one county for a while, lists and revokes them."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import LockExceptionIn, LockExceptionOut, LockExceptionQuery
from backend.assessment.service import locks
from backend.assessment.service.periods import parse_label
from backend.core.db import utcnow
from backend.core.pagination import SelectPage
from backend.extensions import db


@blp.route("/assessment/lock-exceptions")
class LockExceptions(MethodView):
    @login_required
    @blp.arguments(LockExceptionQuery, location="query")
    @blp.response(200, LockExceptionOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Months opened again for a county, newest first (province); `active` keeps those in force now or not."""
        policy.require(current_user, "lock_exception.manage")
        return locks.exceptions_query(utcnow(), args.get("region_code"), args.get("active"))

    @login_required
    @blp.arguments(LockExceptionIn)
    @blp.response(201, LockExceptionOut)
    def post(self, data):
        """Open a locked month for one county until `open_until` (province); audited. 409 `lock_exception_exists`
        when it is open already; 422 `month_not_locked` when it is not locked yet."""
        policy.require(current_user, "lock_exception.manage")
        exception = locks.open_month(current_user, data["region_code"], parse_label(data["month"]),
                                     data["open_until"], data["reason"])
        db.session.commit()
        return exception


@blp.route("/assessment/lock-exceptions/<int:exception_id>/revoke")
class RevokeLockException(MethodView):
    @login_required
    @blp.response(200, LockExceptionOut)
    def post(self, exception_id):
        """Close the month again at once (province); audited. Revoking twice, or after it expired, changes nothing."""
        policy.require(current_user, "lock_exception.manage")
        exception = locks.revoke(current_user, locks.get_exception(exception_id))
        db.session.commit()
        return exception
