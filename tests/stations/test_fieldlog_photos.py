"""Photos: real image bytes made with Pillow, checked, re-encoded without EXIF, stored once, attached by UUID."""

import io
import uuid
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from backend.core.storage import S3Storage, storage
from tests.stations.conftest import STATION_POINT, make_log, send_batch


@pytest.fixture(params=["local", "s3"], autouse=True)
def photo_store(request, app):
    """Every test here runs on the instance folder and again on an S3 bucket (SeaweedFS), emptied after each."""
    if request.param == "local":
        yield storage()
        return
    store = request.getfixturevalue("seaweedfs")
    local = app.extensions["storage"]
    s3 = S3Storage(store.endpoint_url, "photos", store.access_key, store.secret_key, "us-east-1")
    s3.init()
    app.extensions["storage"] = s3
    try:
        yield s3
    finally:
        app.extensions["storage"] = local
        for key in s3.keys():
            s3.delete(key)


def image_bytes(fmt="JPEG", size=(800, 600), mode="RGB", gps=None, taken="2026:03:01 10:00:00", color=(90, 140, 60)):
    """A real image; `gps` = (lat, lng) written into its EXIF, with the time it was taken."""
    image = Image.new(mode, size, color if mode == "RGB" else (*color, 128))
    exif = Image.Exif()
    if gps:
        ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        ifd.update({ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: _dms(gps[0]),
                    ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: _dms(gps[1])})
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if gps else {}))
    return out.getvalue()


def _dms(value):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return (float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4))


def upload(client, data, log_uuid, photo_uuid=None, filename="photo.jpg", content_type="image/jpeg"):
    form = {"file": (io.BytesIO(data), filename, content_type), "log_uuid": str(log_uuid),
            "photo_uuid": str(photo_uuid or uuid.uuid4())}
    return client.post("/api/v1/fieldlogs/photos", data=form, content_type="multipart/form-data")


@pytest.fixture
def synced_log(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    return log


def test_a_jpeg_with_exif_gps_is_read_shrunk_and_stripped(app, head_client, synced_log):
    data = image_bytes(size=(2400, 1200), gps=(34.1751, 108.2175))
    response = upload(head_client, data, synced_log["uuid"])
    assert response.status_code == 201, response.get_json()
    photo = response.get_json()
    assert (photo["width"], photo["height"]) == (1600, 800)
    assert (photo["gps_lat"], photo["gps_lng"]) == pytest.approx((34.1751, 108.2175), abs=1e-4)
    assert photo["taken_at"] == "2026-03-01T02:00:00+00:00"  # 10:00 Beijing time
    served = head_client.get(photo["url"])
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    stored = Image.open(io.BytesIO(served.data))
    assert stored.format == "JPEG" and dict(stored.getexif()) == {}
    assert max(stored.size) == 1600


def test_a_text_file_renamed_jpg_is_not_an_image(head_client, synced_log):
    response = upload(head_client, "这是一段文字，不是照片。\n".encode() * 50, synced_log["uuid"], filename="fake.jpg")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "not_an_image"


def test_a_gif_is_refused_as_an_unsupported_format(head_client, synced_log):
    response = upload(head_client, image_bytes("GIF", mode="RGB"), synced_log["uuid"], filename="a.jpg")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unsupported_image_format"


def test_png_and_webp_are_accepted_and_served_as_jpeg(head_client, synced_log):
    for fmt in ("PNG", "WEBP"):
        response = upload(head_client, image_bytes(fmt, mode="RGBA"), synced_log["uuid"], filename="x.bin",
                          content_type="application/octet-stream")
        assert response.status_code == 201, (fmt, response.get_json())
        assert Image.open(io.BytesIO(head_client.get(response.get_json()["url"]).data)).format == "JPEG"


def test_a_file_over_10_mb_is_refused(head_client, synced_log):
    response = upload(head_client, b"\xff\xd8" + b"0" * (10 * 1024 * 1024), synced_log["uuid"])
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "photo_too_large"


def test_the_same_photo_twice_is_stored_once(photo_store, head_client, synced_log):
    data = image_bytes()
    first = upload(head_client, data, synced_log["uuid"]).get_json()
    second = upload(head_client, data, synced_log["uuid"]).get_json()
    assert first["photo_uuid"] != second["photo_uuid"]
    served = head_client.get(first["url"]).data
    assert [photo_store.get(key) == served for key in photo_store.keys("fieldlogs/")].count(True) == 1


def test_retrying_an_upload_returns_the_same_photo(head_client, synced_log):
    photo_uuid = uuid.uuid4()
    first = upload(head_client, image_bytes(), synced_log["uuid"], photo_uuid)
    again = upload(head_client, image_bytes(), synced_log["uuid"], photo_uuid)
    assert again.status_code == 201 and again.get_json() == first.get_json()
    log = head_client.get(f"/api/v1/fieldlogs/{synced_log['uuid']}").get_json()
    assert len(log["photos"]) == 1


def test_a_photo_that_arrives_before_its_log_waits_and_is_attached_when_the_log_syncs(head_client, station):
    log = make_log()
    pending = upload(head_client, image_bytes(), log["uuid"]).get_json()
    assert pending["is_attached"] is False
    send_batch(head_client, station.id, [log])
    body = head_client.get(f"/api/v1/fieldlogs/{log['uuid']}").get_json()
    assert [p["photo_uuid"] for p in body["photos"]] == [pending["photo_uuid"]]
    assert body["photos"][0]["is_attached"] is True


def test_a_seventh_photo_is_refused(head_client, synced_log):
    for i in range(6):
        assert upload(head_client, image_bytes(color=(i * 30, 10, 10)), synced_log["uuid"]).status_code == 201
    response = upload(head_client, image_bytes(color=(250, 250, 250)), synced_log["uuid"])
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "too_many_photos"


def test_a_photo_taken_far_from_the_log_flags_it(head_client, synced_log):
    far = (STATION_POINT[0] + 0.2, STATION_POINT[1])  # about 21 km north
    upload(head_client, image_bytes(gps=far), synced_log["uuid"])
    body = head_client.get(f"/api/v1/fieldlogs/{synced_log['uuid']}").get_json()
    assert body["flags"] == ["photo_far_from_log"] and body["review_status"] == "pending"


def test_a_photo_taken_at_the_log_does_not_flag_it(head_client, synced_log):
    near = (synced_log["position"]["lat"] + 0.01, synced_log["position"]["lng"])
    upload(head_client, image_bytes(gps=near), synced_log["uuid"])
    assert head_client.get(f"/api/v1/fieldlogs/{synced_log['uuid']}").get_json()["flags"] == []


def test_another_stations_head_cannot_add_or_see_photos(client, login, head, other_head, station):
    log = make_log()
    login(client, head)
    send_batch(client, station.id, [log])
    photo = upload(client, image_bytes(), log["uuid"]).get_json()
    login(client, other_head)
    assert upload(client, image_bytes(color=(1, 2, 3)), log["uuid"]).status_code == 403
    assert client.get(photo["url"]).status_code == 403


def test_a_county_admin_in_scope_sees_the_photo_and_one_out_of_scope_does_not(
        client, login, head, county_admin, outside_admin, station):
    log = make_log()
    login(client, head)
    send_batch(client, station.id, [log])
    url = upload(client, image_bytes(), log["uuid"]).get_json()["url"]
    login(client, county_admin)
    assert client.get(url).status_code == 200
    login(client, outside_admin)
    assert client.get(url).status_code == 403


# --- Memory of one upload ------------------------------------------------------------------------------
# The big images are made in another process, so that this process's peak memory (VmHWM, reset through
# /proc/self/clear_refs) measures the server's handling of the upload alone.
MEMORY_BOUND = 64 * 1024 * 1024
_MAKE_IMAGE = """
import io, sys
from PIL import Image, ImageDraw
fmt, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
image = Image.new("RGB", (width, height), (90, 140, 60))
ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), fill=(200, 60, 40))
out = io.BytesIO()
image.save(out, fmt, **({"quality": 80} if fmt == "JPEG" else {"optimize": True}))
sys.stdout.buffer.write(out.getvalue())
"""


def big_image(fmt, width, height) -> bytes:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", _MAKE_IMAGE, fmt, str(width), str(height)],
                          capture_output=True, check=True).stdout


def _status_kb(name: str) -> int:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(name + ":"))
    return int(line.split()[1])


def peak_memory_of(action):
    """(result, bytes the process's peak resident memory rose by while `action` ran)."""
    clear_refs = Path("/proc/self/clear_refs")
    if not clear_refs.exists():
        pytest.skip("needs Linux's /proc to measure peak memory")
    before = _status_kb("VmRSS")
    clear_refs.write_text("5")  # the peak (VmHWM) starts again from the current size
    result = action()
    return result, (_status_kb("VmHWM") - before) * 1024


def test_a_png_of_too_many_pixels_is_refused_without_decoding_it(head_client, synced_log):
    data = big_image("PNG", 7700, 7700)
    assert len(data) < 1024 * 1024  # small on the wire, 59 million pixels once decoded
    response, peak = peak_memory_of(lambda: upload(head_client, data, synced_log["uuid"], filename="x.png"))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "image_too_many_pixels"
    assert error["message"] == "照片像素过多：请以 JPEG 格式发送，或不超过 800 万像素。"
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"


def test_a_large_jpeg_is_decoded_at_reduced_size_and_accepted(head_client, synced_log):
    data = big_image("JPEG", 6000, 4000)
    response, peak = peak_memory_of(lambda: upload(head_client, data, synced_log["uuid"]))
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["width"], response.get_json()["height"]) == (1600, 1067)
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"


def test_a_png_within_the_pixel_limit_is_accepted_with_bounded_memory(head_client, synced_log):
    data = big_image("PNG", 3200, 2400)
    response, peak = peak_memory_of(lambda: upload(head_client, data, synced_log["uuid"], filename="x.png"))
    assert response.status_code == 201, response.get_json()
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"
