"""The volunteers service: what the views and other packages call, in one place. No Flask request here.

- profiles: `profile_of`, `require_profile`, `get_profile`, `save_profile`, `field_choices`, the
  availability masks;
- search: `search_query` (the admins' search, nearest first with a point, each row with its distance);
- teams: `get_team`, `teams_query`, `teams_of`, `create_team`, `update_team`;
- members: `is_member`, `leader_id`, `member_count`, `members_query`, `add_member`, `set_leader`,
  `leave`, `remove_member`;
- join requests: `request_join`, `get_join_request`, `withdraw_join_request`, `join_requests_query`,
  `pending_requests_of`, `decide_join_request`.
A team's sign-up for an event is the events package's (backend/events/service/team_signups.py).
Services flush, never commit: the request commits once.
"""

from backend.volunteers.service.join_requests import (
    decide_join_request,
    get_join_request,
    join_requests_query,
    pending_requests_of,
    request_join,
    withdraw_join_request,
)
from backend.volunteers.service.members import (
    add_member,
    is_member,
    leader_id,
    leave,
    member_count,
    members_query,
    remove_member,
    set_leader,
)
from backend.volunteers.service.profiles import (
    DAYPARTS,
    dayparts_to_mask,
    field_choices,
    get_profile,
    mask_to_dayparts,
    mask_to_weekdays,
    profile_of,
    require_profile,
    save_profile,
    weekdays_to_mask,
)
from backend.volunteers.service.search import search_query
from backend.volunteers.service.teams import create_team, get_team, teams_of, teams_query, update_team

__all__ = [
    "DAYPARTS", "add_member", "create_team", "dayparts_to_mask", "decide_join_request",
    "field_choices", "get_join_request", "get_profile", "get_team", "is_member", "join_requests_query", "leader_id",
    "leave", "mask_to_dayparts", "mask_to_weekdays", "member_count", "members_query", "pending_requests_of",
    "profile_of", "remove_member", "request_join", "require_profile", "save_profile", "search_query", "set_leader",
    "teams_of", "teams_query", "update_team", "weekdays_to_mask", "withdraw_join_request",
]
