"""The password rules, shared by the schema (which documents them) and the service (which applies them)."""

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 8
MAX_LENGTH = 256

#: The 10,000 most common passwords (zxcvbn's list, lower case), keeping only those long enough to
#: pass the length rule: a shorter one is refused for its length already.
COMMON_PASSWORDS: tuple[str, ...] = tuple(p for p in FREQUENCY_LISTS["passwords"][:10000] if len(p) >= MIN_LENGTH)
_COMMON = frozenset(COMMON_PASSWORDS)


def is_common(password: str) -> bool:
    return password.lower() in _COMMON
