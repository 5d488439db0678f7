"""Sign-up storm: 1,000 volunteers sign up at once over 20 events with one 25-place role each.

    .venv/bin/python bench/signup_storm.py                      # SQLite (throwaway file)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/outreach_bench .venv/bin/python bench/signup_storm.py

32 threads, each with its own app context and connection, call the sign-up service; expected
exactly 500 confirmed and 500 waitlisted, 0 errors, 0 duplicate sign-ups. Prints the time.
"""

import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402


def main(volunteers=1000, events=20, places=25, workers=32):
    from backend import create_app
    from backend.accounts.models import User
    from backend.config import TestConfig
    from backend.core.db import utcnow
    from backend.events import service
    from backend.events.models import Event, EventRole, Signup
    from backend.extensions import db

    app = create_app(TestConfig(Path(tempfile.mkdtemp(prefix="bench-storm-"))))
    with app.app_context():
        db.drop_all()
        db.create_all()
        from backend.regions.service import load_gazetteer

        load_gazetteer()
        db.session.execute(insert(User), [{"phone": f"139{i:08d}", "password_hash": "!", "display_name": f"v{i}"}
                                          for i in range(volunteers)])
        start = utcnow() + timedelta(days=3)
        event_ids, role_ids = [], []
        for i in range(events):
            event = Event(kind="lecture", title=f"活动{i}", venue_name="站", region_code="610124", lat=34.17,
                          lng=108.22, starts_at=start, ends_at=start + timedelta(hours=2), status="published",
                          published_at=utcnow(), roles=[EventRole(name="助理", capacity=places, confirmed_count=0)])
            db.session.add(event)
            db.session.flush()
            event_ids.append(event.id)
            role_ids.append(event.roles[0].id)
        db.session.commit()
        user_ids = db.session.scalars(select(User.id).order_by(User.id)).all()
        db.session.remove()

    jobs = list(enumerate(user_ids))
    lock, errors, outcomes = threading.Lock(), [], Counter()
    barrier = threading.Barrier(workers)

    def worker():
        barrier.wait()
        while True:
            with lock:
                if not jobs:
                    return
                i, user_id = jobs.pop()
            with app.app_context():
                try:
                    user, event = db.session.get(User, user_id), db.session.get(Event, event_ids[i % events])
                    signup = service.sign_up(event, user, role_ids[i % events])
                    db.session.commit()
                    outcomes[signup.status.value] += 1
                except Exception as exc:  # noqa: BLE001 - every failure is counted as a server error
                    errors.append(repr(exc))
                finally:
                    db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    with app.app_context():
        dupes = db.session.execute(select(Signup.user_id).group_by(Signup.user_id).having(func.count() > 1)).all()
        dialect = db.engine.dialect.name
        db.session.remove()
        db.drop_all()
    print(f"{dialect}: {volunteers} sign-ups in {elapsed:.2f} s ({volunteers / elapsed:.0f}/s): "
          f"{outcomes['confirmed']} confirmed, {outcomes['waitlisted']} waitlisted, {len(errors)} errors, "
          f"{len(dupes)} duplicates")
    if errors:
        print(errors[:3])


if __name__ == "__main__":
    main()
