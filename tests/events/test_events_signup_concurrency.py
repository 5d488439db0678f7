"""No overbooking: concurrent sign-ups from separate connections, on SQLite and PostgreSQL."""

import threading

from sqlalchemy import select

from backend.events.models import EventRole, Signup, SignupStatus
from backend.extensions import db


def _sign_up_all(app, event_id, role_id, user_ids):
    """Each user signs up from its own thread, app context and database connection, all at once."""
    from backend.accounts.models import User
    from backend.events import service

    barrier = threading.Barrier(len(user_ids), timeout=60)
    errors = []

    def one(user_id):
        barrier.wait()  # no connection is held while waiting: the pool has fewer than 100
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                event = service.get_event(event_id)
                service.sign_up(event, user, role_id)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def test_hundred_concurrent_signups_fill_ten_places_and_queue_the_rest_in_order(app, make_event, volunteers):
    event = make_event(capacity=10)
    role_id, event_id = event.roles[0].id, event.id
    user_ids = [u.id for u in volunteers(100)]
    db.session.remove()

    errors = _sign_up_all(app, event_id, role_id, user_ids)

    assert errors == []
    signups = db.session.scalars(select(Signup).where(Signup.event_id == event_id).order_by(Signup.id)).all()
    assert len(signups) == 100
    assert len({s.user_id for s in signups}) == 100
    assert [s.status for s in signups[:10]] == [SignupStatus.confirmed] * 10
    assert [s.status for s in signups[10:]] == [SignupStatus.waitlisted] * 90
    assert [s.waitlist_position for s in signups[10:]] == list(range(1, 91))
    assert db.session.get(EventRole, role_id).confirmed_count == 10


def test_a_volunteer_signing_up_for_two_overlapping_events_at_once_gets_only_one(app, make_event, volunteers):
    """Ten volunteers each send two sign-ups at the same instant, for two events at the same time."""
    from backend.accounts.models import User
    from backend.core.errors import DomainError
    from backend.events import service

    pairs = [(make_event(capacity=5), make_event(capacity=5)) for _ in range(10)]  # all on the same morning
    users = volunteers(10)
    attempts = [(u.id, e.id, e.roles[0].id) for u, pair in zip(users, pairs, strict=True) for e in pair]
    db.session.remove()
    barrier, refused, errors = threading.Barrier(len(attempts), timeout=60), [], []

    def one(user_id, event_id, role_id):
        barrier.wait()
        with app.app_context():
            try:
                service.sign_up(service.get_event(event_id), db.session.get(User, user_id), role_id)
                db.session.commit()
            except DomainError as exc:
                refused.append(exc.code)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=attempt) for attempt in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == [] and refused == ["signup_time_overlap"] * 10
    for user in users:
        active = db.session.scalars(select(Signup).where(Signup.user_id == user.id,
                                                         Signup.status != SignupStatus.cancelled)).all()
        assert len(active) == 1
