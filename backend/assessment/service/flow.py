"""Moving a record through its approval flow (PILOT_FLOW, REPORT_FLOW): the one place states change."""

from flask_babel import lazy_gettext as _l

from backend.core.errors import DomainError


def next_state(flow: dict, record, action: str):
    step = flow.get(record.status, {}).get(action)
    if step is None:
        raise DomainError(409, "assessment_wrong_state",
                          _l("This step is not possible in the record's current state."))
    return step[0]


def require_comment(comment: str | None) -> str:
    comment = (comment or "").strip()
    if not comment:
        message = _l("Say why, in a comment.")
        raise DomainError(422, "comment_required", message, {"comment": [message]})
    return comment
