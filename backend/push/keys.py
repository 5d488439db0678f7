"""VAPID key pairs as text: the base64url forms a deployment keeps in VAPID_PRIVATE_KEY/VAPID_PUBLIC_KEY.

The private key is the raw 32-byte scalar, the public key the uncompressed P-256 point (what a
browser's PushManager.subscribe takes); both base64url without padding.
"""

import binascii
from base64 import urlsafe_b64encode

import click
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask.cli import AppGroup
from py_vapid import Vapid01

push_cli = AppGroup("push", help="Web Push keys.")


def _b64(raw: bytes) -> str:
    return urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_key_text(key: Vapid01) -> str:
    return _b64(key.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def from_text(private: str) -> Vapid01:
    """The key pair of a VAPID_PRIVATE_KEY (raw or DER, base64url); ValueError if it is not one."""
    try:
        return Vapid01.from_string(private)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise ValueError("not a VAPID private key") from exc


def public_key_of(private: str) -> str:
    return public_key_text(from_text(private))


def new_pair() -> tuple[str, str]:
    key = Vapid01()
    key.generate_keys()
    private = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    return _b64(private), public_key_text(key)


@push_cli.command("keys")
def keys_command():
    """Print a new VAPID key pair as environment variables, for a deployment's secrets."""
    private, public = new_pair()
    click.echo(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}")
