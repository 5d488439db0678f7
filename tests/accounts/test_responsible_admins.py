"""A county admin answers for the volunteers who live in their county, not only for those holding a
station or team role there: they see the volunteer's full phone and give them a password reset code."""

import pytest

from backend.extensions import db


@pytest.fixture
def volunteer_of(make_user):
    """A volunteer whose profile's home county is `region_code`, holding no role."""
    from backend.volunteers.models import VolunteerProfile

    def make(region_code: str):
        user = make_user(display_name="志愿者")
        db.session.add(VolunteerProfile(user_id=user.id, real_name="王小明", home_region_code=region_code))
        db.session.commit()
        return user

    return make


def phones_seen_by(client, admin, login) -> dict:
    login(client, admin)
    return {u["id"]: u["phone"] for u in client.get("/api/v1/users").get_json()}


@pytest.mark.parametrize(("admin_region", "unmasked"), [("610124", True), ("610100", True), ("610528", False)])
def test_the_admin_over_a_volunteers_home_county_sees_their_phone(client, login, admin_of, volunteer_of,
                                                                   admin_region, unmasked):
    volunteer = volunteer_of("610124")
    shown = phones_seen_by(client, admin_of(admin_region), login)[volunteer.id]
    assert (shown == volunteer.phone) is unmasked
    assert unmasked or shown == f"{volunteer.phone[:3]}****{volunteer.phone[-4:]}"


@pytest.mark.parametrize(("admin_region", "status"), [("610124", 201), ("610528", 403)])
def test_the_admin_over_a_volunteers_home_county_issues_their_reset_code(client, login, admin_of, volunteer_of,
                                                                          admin_region, status):
    volunteer = volunteer_of("610124")
    login(client, admin_of(admin_region))
    assert client.post(f"/api/v1/users/{volunteer.id}/password-reset").status_code == status
