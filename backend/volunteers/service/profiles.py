"""Volunteer profiles: what makes a user a volunteer, with their fields and availability."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.accounts.models import User
from backend.core.db import get_or_404
from backend.core.errors import DomainError
from backend.extensions import db
from backend.volunteers.models import FIELD_LABELS, DayPart, VolunteerField, VolunteerProfile
from backend.volunteers.service.common import check_county, check_township

DAYPARTS = list(DayPart)


def field_choices() -> list[dict]:
    return [{"code": f.value, "label_zh": zh, "label_en": en} for f, (zh, en) in FIELD_LABELS.items()]


def profile_of(user_id: int) -> VolunteerProfile | None:
    return db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))


def require_profile(user_id: int) -> VolunteerProfile:
    profile = profile_of(user_id)
    if profile is None:
        raise DomainError(404, "volunteer_profile_missing", _l("Fill in your volunteer profile first."))
    return profile


def get_profile(profile_id: int) -> VolunteerProfile:
    return get_or_404(VolunteerProfile, profile_id)


def weekdays_to_mask(weekdays) -> int:
    return sum(1 << (d - 1) for d in set(weekdays))


def mask_to_weekdays(mask: int) -> list[int]:
    return [d for d in range(1, 8) if mask & (1 << (d - 1))]


def dayparts_to_mask(parts) -> int:
    return sum(1 << DAYPARTS.index(p) for p in set(parts))


def mask_to_dayparts(mask: int) -> list[DayPart]:
    return [p for i, p in enumerate(DAYPARTS) if mask & (1 << i)]


def save_profile(user: User, data: dict) -> tuple[VolunteerProfile, bool]:
    """Create or replace the user's volunteer profile. Returns (profile, created)."""
    check_county(data["home_region_code"])
    if data.get("home_township_code"):
        check_township(data["home_township_code"], data["home_region_code"])
    profile = profile_of(user.id)
    created = profile is None
    if created:
        profile = VolunteerProfile(user_id=user.id)
        db.session.add(profile)
    profile.real_name = data["real_name"].strip()
    profile.skills = sorted({s.strip() for s in data.get("skills", []) if s.strip()})
    profile.home_region_code = data["home_region_code"]
    profile.home_township_code = data.get("home_township_code")
    profile.home_lat, profile.home_lng = data.get("home_lat"), data.get("home_lng")
    profile.weekday_mask = weekdays_to_mask(data.get("available_weekdays", []))
    profile.daypart_mask = dayparts_to_mask(data.get("available_dayparts", []))
    profile.affiliation = data.get("affiliation", "")
    profile.affiliation_kind = data.get("affiliation_kind")
    wanted = set(data["fields"])
    profile.fields = [f for f in profile.fields if f.field in wanted]
    have = {f.field for f in profile.fields}
    profile.fields.extend(VolunteerField(field=f) for f in sorted(wanted - have, key=lambda f: f.value))
    db.session.flush()
    return profile, created
