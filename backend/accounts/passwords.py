"""The password rules, shared by the schema (which documents them) and the service (which applies them).

`weakness(password)` names the first rule a password breaks, or None. Each rule is one a person can
understand from the message: too short, on a list of common passwords, one character or group
repeated, a run such as 12345678 or abcdefgh, a walk along the keyboard or keypad, or a mobile number.
"""

import re
from enum import Enum
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS
from zxcvbn.matching import repeat_match, sequence_match, spatial_match

MIN_LENGTH = 8
MAX_LENGTH = 256

_ZH_LIST = Path(__file__).parent / "data" / "common_passwords_zh.txt"


def _read_list(path: Path) -> list[str]:
    lines = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _long_enough(candidates) -> tuple[str, ...]:
    """A shorter password is refused for its length already: the list keeps only those that pass it."""
    return tuple(dict.fromkeys(p for p in candidates if len(p) >= MIN_LENGTH))


#: The 10,000 most common passwords (zxcvbn's list, lower case) and the common Chinese ones
#: (data/common_passwords_zh.txt, from the 2011 CSDN and Tianya leaks).
COMMON_PASSWORDS: tuple[str, ...] = _long_enough(
    [*FREQUENCY_LISTS["passwords"][:10000], *_read_list(_ZH_LIST)]
)
_COMMON = frozenset(COMMON_PASSWORDS)
#: a mainland mobile number, with or without +86, spaces or dashes
_PHONE_LIKE = re.compile(r"(\+?86)?1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s-]")

DESCRIPTION = (
    "at least 8 characters; not one of the 10,000 most common passwords nor a common Chinese one "
    "(the 2011 CSDN and Tianya leaks); not one character or group repeated (aaaaaaaa, 123123123), "
    "a run (12345678, 87654321, abcdefgh), a walk along the keyboard or keypad (qwertyui, 1qaz2wsx, "
    "147258369) or a mobile number"
)


class Weakness(Enum):
    too_short = "too_short"
    too_common = "too_common"
    repeated = "repeated"
    sequence = "sequence"
    keyboard_walk = "keyboard_walk"
    phone_number = "phone_number"


def is_common(password: str) -> bool:
    return password.lower() in _COMMON


def _covered_by(matches, length: int) -> bool:
    """True when the matches of one kind together cover every character of the password."""
    covered = set()
    for match in matches:
        covered.update(range(match["i"], match["j"] + 1))
    return len(covered) == length


def weakness(password: str) -> Weakness | None:
    """The first rule the password breaks, or None when it passes them all."""
    if len(password) < MIN_LENGTH:
        return Weakness.too_short
    if is_common(password):
        return Weakness.too_common
    if _PHONE_LIKE.fullmatch(_SEPARATORS.sub("", password)):
        return Weakness.phone_number
    for kind, matcher in ((Weakness.repeated, repeat_match), (Weakness.sequence, sequence_match),
                          (Weakness.keyboard_walk, spatial_match)):
        if _covered_by(matcher(password), len(password)):
            return kind
    return None
