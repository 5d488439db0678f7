"""`flask storage export FOLDER` and `flask storage import FOLDER`: the photos' backup (deploy/README.md,
"7. Backups"). The whole round trip through pg_dump and an app server is tests/test_backup.py."""

import pytest

from backend.core.storage import LocalStorage

OBJECTS = {"fieldlogs/ab/ab12.jpg": b"\xff\xd8first", "fieldlogs/cd/cd34.jpg": b"\xff\xd8second"}


@pytest.fixture
def store(app, tmp_path):
    """The app's store for one test: an empty folder of its own."""
    own = LocalStorage(tmp_path / "media")
    app.extensions["storage"], before = own, app.extensions["storage"]
    yield own
    app.extensions["storage"] = before


def test_an_export_copies_only_what_the_folder_lacks_and_an_import_restores_every_object(store, runner, tmp_path):
    for key, data in OBJECTS.items():
        store.put(key, data, "image/jpeg")
    backup = tmp_path / "backup"
    first = runner.invoke(args=["storage", "export", str(backup)])
    store.put("fieldlogs/ef/ef56.jpg", b"\xff\xd8third", "image/jpeg")
    second = runner.invoke(args=["storage", "export", str(backup)])
    assert (first.exit_code, second.exit_code) == (0, 0), (first.output, second.output)
    assert "2 copied, 0 already there" in first.output and "1 copied, 2 already there" in second.output

    emptied = LocalStorage(tmp_path / "restored")
    runner.app.extensions["storage"] = emptied
    restored = runner.invoke(args=["storage", "import", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert {key: emptied.get(key) for key in emptied.keys()} == {key: store.get(key) for key in store.keys()}


def test_an_import_refuses_a_file_that_no_export_wrote(store, runner, tmp_path):
    backup = tmp_path / "backup"
    (backup / "fieldlogs").mkdir(parents=True)
    (backup / "fieldlogs" / "Holiday Photo.JPG").write_bytes(b"\xff\xd8")
    result = runner.invoke(args=["storage", "import", str(backup)])
    assert result.exit_code == 1
    assert "Holiday Photo.JPG" in result.output and store.keys() == []
