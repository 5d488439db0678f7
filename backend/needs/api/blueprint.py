"""The needs board's blueprint (N1's routes), and what its route modules share."""

from flask_login import current_user

from backend import policy
from backend.core.pagination import Blueprint
from backend.needs.service.common import get_need
from backend.stations.fieldlogs.api import MultipartParser


class NeedsBlueprint(Blueprint):
    """Paged lists (core.pagination) and the `multipart` location of the field logs' photo upload."""

    ARGUMENTS_PARSER = MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "multipart": "multipart/form-data"}


blp = NeedsBlueprint("needs", __name__,
                     description="The needs board: raising, triage, assignments, serving, answers, figures")


def viewable_need(need_id: int):
    need = get_need(need_id)
    policy.require(current_user, "need.view", need)
    return need
