"""Who may read the audit trail: province admins. Nobody edits it through the app."""

from backend.policy import is_province_admin, rule


@rule("audit.read")
def read_audit(user, _=None) -> bool:
    return is_province_admin(user)
