"""Assessment (评价 · 考核): pilot applications, indicators against targets, campaign quotas, monthly
reports with approval, dashboards, year-end scores, resident feedback and exports.

The top of the layer order: it reads every domain below it (through their services, and their
models for the grouped counts of `service/figures.py`) and nothing imports it but the root modules.
It tells the domains below when a county's month is locked for data entry (backend.core.locks: the
registration pattern, README "Layout"); this runs when the package is first imported.
"""

from backend.assessment.service.locks import month_locked
from backend.core.locks import MONTH_LOCKS

if month_locked not in MONTH_LOCKS:
    MONTH_LOCKS.append(month_locked)
