"""How many passwords may be tried for one number, counted before the password is checked.

Each login attempt is counted first (core.tries: atomically, before the password is looked at), so
40 parallel guesses cannot slip through between a check and a later count.

Two counters per number:
- from one client address, tight (`LOGIN_FAILURE_LIMIT`, 5 per 10 minutes): a stranger guessing
  from elsewhere spends their own address's budget, never the owner's, so cannot lock the owner out;
- from all addresses, loose (`LOGIN_NUMBER_LIMIT`, 20 per hour): the bound on a guesser who has
  many addresses. It is taken only after the address's own limit allowed the attempt.

A correct password clears both counters of that number (`forgive`): whether this person knows the
password is settled, and the owner who mistyped four times is not held at the next login. Only
someone who has the password can clear them, so it gives a guesser nothing.

The counters' keys hold a SHA-256 of the number in a fixed namespace, not the number: the same on
every server (no per-machine secret), and the number never reaches the logs or Redis.
"""

import hashlib

from flask import current_app

from backend.core import tries

_NAMESPACE = b"outreach/login-phone/v1:"


def phone_key(phone: str) -> str:
    return "login-phone:" + hashlib.sha256(_NAMESPACE + phone.encode()).hexdigest()[:32]


def _counters(phone: str, address: str) -> list[tries.Counter]:
    key = phone_key(phone)
    return [
        (current_app.config["LOGIN_FAILURE_LIMIT"], (key, "from", address)),
        (current_app.config["LOGIN_NUMBER_LIMIT"], (key, "from-anywhere")),
    ]


def take_login_attempt(phone: str, address: str) -> None:
    """Count one attempt at the number's password; 429 (with Retry-After) when a limit is spent."""
    tries.take(_counters(phone, address))


def forgive(phone: str, address: str) -> None:
    """The right password was given: the number's attempts are cleared."""
    tries.forgive(_counters(phone, address))
