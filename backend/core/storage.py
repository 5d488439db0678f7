"""Stored files (field-log photos): one interface, a folder under instance/ or an S3-compatible bucket.

`STORAGE_BACKEND=local` (the default) keeps files in `MEDIA_DIR` (instance/media); `STORAGE_BACKEND=s3`
keeps them in `S3_BUCKET` at `S3_ENDPOINT_URL` through boto3, so that every app server behind nginx sees
the same files. Keys are relative paths such as `fieldlogs/ab/abcdef.jpg`. Files are served by the app
after its permission check (`send`): the bucket is never public.
"""

import io
import mimetypes
import os
import re
import tempfile
from pathlib import Path

import click
from flask import Flask, current_app, send_file
from flask.cli import with_appcontext

from backend.core.readiness import readiness_check

#: lower-case path segments of letters, digits, `-`, `_` and `.`, never `..`
KEY_PATTERN = re.compile(r"[a-z0-9_-][a-z0-9_.-]*(/[a-z0-9_-][a-z0-9_.-]*)*")


def check_key(key: str) -> str:
    if not KEY_PATTERN.fullmatch(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """Files in a folder; each write lands whole (a temporary file renamed over the key)."""

    name = "local"

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def keys(self, prefix: str = "") -> list[str]:
        base = self.root / prefix if prefix else self.root
        return sorted(str(p.relative_to(self.root)) for p in base.rglob("*") if p.is_file() and p.suffix != ".part")

    def send(self, key: str, mimetype: str, max_age: int):
        return send_file(self.path(key), mimetype=mimetype, max_age=max_age)

    def init(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        return f"folder {self.root}"

    def ready(self) -> bool:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.root, os.W_OK)


class S3Storage:
    """Objects in one bucket of an S3-compatible store (SeaweedFS, MinIO, Ceph, a cloud's S3), made if missing."""

    name = "s3"

    def __init__(self, endpoint_url: str | None, bucket: str, access_key: str | None, secret_key: str | None,
                 region: str | None):
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket = bucket

        def client(**config):
            return boto3.client("s3", endpoint_url=endpoint_url, aws_access_key_id=access_key,
                                aws_secret_access_key=secret_key, region_name=region or "us-east-1",
                                config=BotoConfig(s3={"addressing_style": "path"}, **config))

        self.client = client(connect_timeout=3, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"})
        # /readyz asks often and must answer within a load balancer's check timeout: one quick try
        self._probe = client(connect_timeout=1, read_timeout=2, retries={"total_max_attempts": 1, "mode": "standard"})
        self._bucket_checked = False

    def _not_found(self, error) -> bool:
        return error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NoSuchBucket", "NotFound")

    def init(self) -> str:
        """Make the bucket unless it exists (safe to run from every server at once)."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            if not self._not_found(error):
                raise
            try:
                self.client.create_bucket(Bucket=self.bucket)
            except ClientError as create_error:
                if create_error.response.get("Error", {}).get("Code") not in ("BucketAlreadyOwnedByYou",
                                                                               "BucketAlreadyExists"):
                    raise
        self._bucket_checked = True
        return f"bucket {self.bucket}"

    def put(self, key: str, data: bytes, content_type: str) -> None:
        if not self._bucket_checked:
            self.init()
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=check_key(key))["Body"].read()

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._not_found(error):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def send(self, key: str, mimetype: str, max_age: int):
        """The object's bytes from the app (photos are at most a few hundred KB after re-encoding)."""
        return send_file(io.BytesIO(self.get(key)), mimetype=mimetype, max_age=max_age, etag=key.rsplit("/", 1)[-1])

    def ready(self) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._probe.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError):
            return False
        return True


def make_storage(config) -> LocalStorage | S3Storage:
    if config.get("STORAGE_BACKEND", "local") == "s3":
        return S3Storage(config.get("S3_ENDPOINT_URL"), config["S3_BUCKET"], config.get("S3_ACCESS_KEY_ID"),
                         config.get("S3_SECRET_ACCESS_KEY"), config.get("S3_REGION"))
    return LocalStorage(config["MEDIA_DIR"])


def storage() -> LocalStorage | S3Storage:
    """The application's store."""
    return current_app.extensions["storage"]


def put(key: str, data: bytes, content_type: str) -> None:
    storage().put(key, data, content_type)


def get(key: str) -> bytes:
    return storage().get(key)


def exists(key: str) -> bool:
    return storage().exists(key)


def delete(key: str) -> None:
    storage().delete(key)


def send(key: str, mimetype: str, max_age: int = 3600):
    """A response with the stored file, for a view that has already checked who may read it.
    Private: a shared cache (a proxy) must not keep what a permission check guarded."""
    response = storage().send(key, mimetype, max_age)
    response.cache_control.public = False
    response.cache_control.private = True
    return response


@readiness_check("object_store")
def ready() -> bool:
    """Whether the store answers: the bucket is reachable (s3), or the folder is writable (local).
    /readyz lists it as `object_store`."""
    return storage().ready()


@click.group("storage")
def storage_cli():
    """Stored files (photos)."""


@storage_cli.command("init")
@with_appcontext
def init_command():
    """Make the bucket (STORAGE_BACKEND=s3) or folder (local) unless it exists."""
    click.echo(f"storage ({storage().name}): {storage().init()} ready")


def copy_objects(source: LocalStorage | S3Storage, target: LocalStorage | S3Storage) -> tuple[int, int]:
    """Copy every object of `source` that `target` lacks; returns (copied, already there). Objects are
    written once under a key made from their content and never changed, so a key present is up to date."""
    target.init()
    present = set(target.keys())
    keys = source.keys()
    missing = [key for key in keys if key not in present]
    for key in missing:
        target.put(key, source.get(key), mimetypes.guess_type(key)[0] or "application/octet-stream")
    return len(missing), len(keys) - len(missing)


@storage_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False, writable=True))
@with_appcontext
def export_command(folder):
    """Copy every stored object into FOLDER (a backup); objects already there are skipped."""
    copied, kept = copy_objects(storage(), LocalStorage(folder))
    click.echo(f"storage ({storage().name}) to {folder}: {copied} copied, {kept} already there")


@storage_cli.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@with_appcontext
def import_command(folder):
    """Copy every file of FOLDER (made by `storage export`) into the store; objects it has already are skipped."""
    try:
        copied, kept = copy_objects(LocalStorage(folder), storage())
    except ValueError as error:
        raise click.ClickException(f"{error}: FOLDER must hold only what `storage export` wrote") from error
    click.echo(f"storage ({storage().name}) from {folder}: {copied} copied, {kept} already there")


def init_app(app: Flask) -> None:
    app.extensions["storage"] = make_storage(app.config)
