"""Codes a person reads, writes down or reads out over the phone: a reset code, a seat's cancel code,
a certificate's number. One alphabet without the look-alikes (0/O, 1/I/L, U/V), and one way to take
back what was typed (any case, spaces or dashes between groups)."""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def code_from(digest: bytes, length: int) -> str:
    """A code derived from a digest (an HMAC): the same digest, the same code; nothing to store."""
    number, code = int.from_bytes(digest), []
    for _ in range(length):
        number, digit = divmod(number, len(ALPHABET))
        code.append(ALPHABET[digit])
    return "".join(code)


def tidy(code: str) -> str:
    """What the person typed, as it was issued: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", code).upper()


def as_typed(code: str, length: int) -> str | None:
    """`code` as written down, tidied, if it can be a code of `length`; None otherwise."""
    typed = tidy(code)
    return typed if len(typed) == length and set(typed) <= set(ALPHABET) else None
