#!/usr/bin/env bash
# Extract every message from the backend and merge new ones into the Chinese catalogue.
# Then translate the new empty msgstr entries in backend/translations/zh/LC_MESSAGES/messages.po.
# `pybabel compile -d backend/translations` (run by make, or ensure_compiled() at start-up) builds the .mo.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
"$PYBABEL" extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
    --project "outreach" -o backend/translations/messages.pot .
"$PYBABEL" update -i backend/translations/messages.pot -d backend/translations -l zh \
    --no-fuzzy-matching --ignore-obsolete
"${PYTHON:-.venv/bin/python}" - <<'PY'
from babel.messages.pofile import read_po

with open("backend/translations/zh/LC_MESSAGES/messages.po", "rb") as f:
    missing = [m.id for m in read_po(f) if m.id and not m.string]
print(f"{len(missing)} message(s) still to translate")
for msgid in missing:
    print("  ", msgid)
PY
