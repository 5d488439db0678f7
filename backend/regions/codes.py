"""Arithmetic on GB/T 2260 region codes: a region's prefix, and whether one region contains another.

At the bottom of the layers (README, "Layout"), so that every service and the policy share it.
"""


def region_prefix(code: str) -> str:
    """The significant prefix of a GB/T 2260 code: 610000 → 61, 610100 → 6101, 610124 → 610124."""
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def region_covers(scope_code: str | None, target_code: str | None) -> bool:
    """True when the region `scope_code` contains (or is) `target_code`."""
    if not scope_code or not target_code:
        return False
    return target_code.startswith(region_prefix(scope_code))
