"""Tries at a secret (a password, a code someone types), counted before the secret is checked.

Each try is counted first, atomically (the `limits` storage's `hit`: one INCR in Redis, a locked
increment in memory), and only then is the secret looked at, so parallel guesses cannot slip through
between a check and a later count. A right answer clears the counters (`forgive`).

A counter is `(limit, identifiers)`: a limit string from the configuration ("5 per 10 minutes") and
the key parts it counts under. Several counters are taken in order; the first that is spent refuses.
"""

import time

from limits import parse
from werkzeug.exceptions import TooManyRequests

from backend.extensions import limiter

Counter = tuple[str, tuple[str, ...]]


def take(counters: list[Counter]) -> None:
    """Count one try on each counter; 429 (with Retry-After) at the first one that is spent."""
    for limit, identifiers in counters:
        item = parse(limit)
        if not limiter.limiter.hit(item, *identifiers):
            reset_at = limiter.limiter.get_window_stats(item, *identifiers).reset_time
            raise TooManyRequests(retry_after=max(1, int(reset_at - time.time()) + 1))


def forgive(counters: list[Counter]) -> None:
    """The right answer was given: the earlier tries no longer count."""
    for limit, identifiers in counters:
        limiter.limiter.clear(parse(limit), *identifiers)
