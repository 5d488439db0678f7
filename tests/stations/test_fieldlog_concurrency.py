"""Two phones (or one phone retrying) replaying the same batch at once still create each log once."""

import threading

from sqlalchemy import func, select

from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog
from tests.stations.conftest import make_log


def test_two_concurrent_replays_create_each_log_once(app, station, head, login):
    logs = [make_log() for _ in range(40)]
    url = f"/api/v1/stations/{station.id}/fieldlogs/batch"
    clients = [app.test_client() for _ in range(2)]
    for client in clients:  # two phones of the same head, logged in beforehand
        login(client, head)
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def replay(client):
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                response = client.post(url, json={"logs": logs})
                answers.append((response.status_code, response.get_json()["counts"]))
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=replay, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [status for status, _ in answers] == [200, 200]
    assert sum(counts["created"] for _, counts in answers) == 40
    assert sum(counts["duplicate"] for _, counts in answers) == 40
    db.session.rollback()  # end this test's own read transaction to see what the threads wrote
    rows = db.session.execute(select(FieldLog.uuid, func.count()).group_by(FieldLog.uuid)).all()
    assert len(rows) == 40 and all(n == 1 for _, n in rows)
