"""Certificates: the PDF carries the Chinese name and a QR code; anyone can check a code."""

import io
import uuid
from datetime import timedelta

import pytest
from pypdf import PdfReader

from backend.extensions import db


def new_uuid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def verified_volunteer(event, signed_up, code, contact):
    """A volunteer named 欧阳秀英 with 150 verified minutes at `event`."""
    from backend.attendance.service import checkin, hours

    volunteer = signed_up("欧阳秀英")
    for direction, after in (("in", timedelta(0)), ("out", timedelta(minutes=150))):
        now = event.starts_at + after
        checkin.scan(volunteer, code(direction, now=now), client_uuid=new_uuid(), now=now)
    hours.compute_hours(event, now=event.ends_at + timedelta(minutes=1))
    record = db.session.scalars(hours.event_records_query(event)).one()
    hours.verify(record, contact)
    db.session.commit()
    return volunteer


def _issue(client, event):
    year = event.starts_at.year
    response = client.post("/api/v1/volunteers/me/certificates", json={"year": year})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_certificate_pdf_carries_the_chinese_name_and_hours(client, event, verified_volunteer, login):
    login(client, verified_volunteer)
    cert = _issue(client, event)
    response = client.get(cert["pdf_url"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "欧阳秀英" in text
    assert "2.5" in text and cert["code"] in text and "猕猴桃冬季修剪培训" in text


def test_public_check_shows_genuine_and_totals_only(client, app, event, verified_volunteer, login):
    login(client, verified_volunteer)
    code = _issue(client, event)["code"]
    anonymous = app.test_client()
    body = anonymous.get(f"/api/v1/certificates/{code}").get_json()
    assert body["genuine"] is True and body["total_hours"] == 2.5 and body["event_count"] == 1
    text = str(body)
    assert "欧阳秀英" not in text and verified_volunteer.phone not in text and "猕猴桃" not in text


def test_unknown_code_is_not_genuine(client):
    response = client.get("/api/v1/certificates/ZZZZZZZZZZZZ")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "certificate_not_found"


def test_another_volunteer_cannot_download_the_pdf(client, event, verified_volunteer, make_volunteer, login):
    login(client, verified_volunteer)
    url = _issue(client, event)["pdf_url"]
    login(client, make_volunteer("别人"))
    assert client.get(url).status_code == 403


def test_certificate_without_verified_hours_is_refused(client, make_volunteer, login):
    login(client, make_volunteer())
    response = client.post("/api/v1/volunteers/me/certificates", json={"year": 2026})
    assert response.get_json()["error"]["code"] == "no_verified_hours"


def test_date_range_in_the_wrong_order_is_refused(client, make_volunteer, login):
    login(client, make_volunteer())
    response = client.post("/api/v1/volunteers/me/certificates", json={"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 422 and "end" in response.get_json()["error"]["fields"]
