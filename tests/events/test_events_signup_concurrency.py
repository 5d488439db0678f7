"""No overbooking: concurrent sign-ups from separate connections, on SQLite and PostgreSQL."""

from sqlalchemy import select

from backend.events.models import EventRole, Signup, SignupStatus
from backend.extensions import db


def _sign_up(user_id, event_id, role_id):
    from backend.accounts.models import User
    from backend.events import service

    service.sign_up(service.get_event(event_id), db.session.get(User, user_id), role_id)


def test_hundred_concurrent_signups_fill_ten_places_and_queue_the_rest_in_order(at_once, make_event, volunteers):
    event = make_event(capacity=10)
    role_id, event_id = event.roles[0].id, event.id
    user_ids = [u.id for u in volunteers(100)]

    outcomes = at_once(_sign_up, [(user_id, event_id, role_id) for user_id in user_ids])

    assert outcomes == ["ok"] * 100
    signups = db.session.scalars(select(Signup).where(Signup.event_id == event_id).order_by(Signup.id)).all()
    assert len(signups) == 100
    assert len({s.user_id for s in signups}) == 100
    assert [s.status for s in signups[:10]] == [SignupStatus.confirmed] * 10
    assert [s.status for s in signups[10:]] == [SignupStatus.waitlisted] * 90
    assert [s.waitlist_position for s in signups[10:]] == list(range(1, 91))
    assert db.session.get(EventRole, role_id).confirmed_count == 10


def test_a_volunteer_signing_up_for_two_overlapping_events_at_once_gets_only_one(at_once, make_event, volunteers):
    """Ten volunteers each send two sign-ups at the same instant, for two events at the same time."""
    pairs = [(make_event(capacity=5), make_event(capacity=5)) for _ in range(10)]  # all on the same morning
    users = volunteers(10)
    calls = [(u.id, e.id, e.roles[0].id) for u, pair in zip(users, pairs, strict=True) for e in pair]
    user_ids = [u.id for u in users]

    outcomes = at_once(_sign_up, calls)

    assert sorted(outcomes) == ["ok"] * 10 + ["signup_time_overlap"] * 10
    for user_id in user_ids:
        active = db.session.scalars(select(Signup).where(Signup.user_id == user_id,
                                                         Signup.status != SignupStatus.cancelled)).all()
        assert len(active) == 1
