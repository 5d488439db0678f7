"""A need's photos, in the field logs' photo store: sent before the need (offline) they wait and join it;
seen by whoever may see the need."""

import io
import uuid

from PIL import Image

from tests.needs.conftest import body


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 60)).save(out, format="JPEG")
    return out.getvalue()


def _upload(client, need_uuid, photo_uuid=None, data=None):
    form = {"file": (io.BytesIO(data or _jpeg()), "p.jpg", "image/jpeg"), "need_uuid": str(need_uuid),
            "photo_uuid": str(photo_uuid or uuid.uuid4())}
    return client.post("/api/v1/needs/photos", data=form, content_type="multipart/form-data")


def test_a_photo_sent_before_its_need_joins_it(client, login, asker, make_user):
    login(client, asker)
    sent = body(is_public=False)
    r = _upload(client, sent["client_uuid"])
    assert r.status_code == 201 and r.get_json()["attached"] is False
    photo = r.get_json()
    assert _upload(client, sent["client_uuid"], photo["photo_uuid"]).get_json() == photo  # a retry: the same
    need = client.post("/api/v1/needs", json={**sent, "photo_uuids": [photo["photo_uuid"]]}).get_json()
    assert [p["photo_uuid"] for p in need["photos"]] == [photo["photo_uuid"]]
    assert need["photos"][0]["attached"] is True
    served = client.get(photo["url"])
    assert served.status_code == 200 and Image.open(io.BytesIO(served.data)).format == "JPEG"
    second = _upload(client, sent["client_uuid"]).get_json()
    assert second["attached"] is True  # the need is here: joins at once
    login(client, make_user())  # a private need's photo is not for strangers
    assert client.get(photo["url"]).status_code == 403
    r = _upload(client, sent["client_uuid"])
    assert r.status_code == 403  # only its asker adds photos to a need


def test_not_an_image_and_too_many(client, login, asker):
    login(client, asker)
    need_uuid = uuid.uuid4()
    r = _upload(client, need_uuid, data=b"not an image at all")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "not_an_image"
    for _ in range(6):
        assert _upload(client, need_uuid).status_code == 201
    r = _upload(client, need_uuid)
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "need_too_many_photos"
