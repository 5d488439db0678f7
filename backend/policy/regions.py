"""Rules for regions."""

from backend.policy import is_province_admin, rule


@rule("region.mark_pilot")
def mark_pilot(user, region) -> bool:
    return is_province_admin(user)
