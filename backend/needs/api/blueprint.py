"""The needs board's blueprint (N1's routes), and what its route modules share."""

from flask_login import current_user

from backend import policy
from backend.core.uploads import UploadBlueprint
from backend.needs.service.common import get_need

blp = UploadBlueprint("needs", __name__,
                     description="The needs board: raising, triage, assignments, serving, answers, figures")


def viewable_need(need_id: int):
    need = get_need(need_id)
    policy.require(current_user, "need.view", need)
    return need
