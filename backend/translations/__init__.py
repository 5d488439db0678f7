"""Message catalogues (Flask-Babel) and the helpers that keep them usable.

`zh/LC_MESSAGES/messages.po` is the source; the compiled `.mo` is not kept in git. `make` compiles
it with `pybabel compile`, and `ensure_compiled()` does the same at start-up when the `.mo` is
missing or older than its `.po`, so a fresh clone answers in Chinese without an extra step.
Run `scripts/i18n.sh` after adding messages to merge the new msgids into the catalogue.
"""

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now.

    For messages handed to marshmallow (validators, `ValidationError`): the error handler
    translates field messages when it answers, in the language of that request.
    """
    return message


def _stale(po: Path, mo: Path) -> bool:
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def ensure_compiled(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every `messages.po` under `directory` whose `.mo` is missing or older. Returns those written.

    The file is written to a temporary name and renamed, so that several workers starting at
    once never read a half-written catalogue.
    """
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if not _stale(po, mo):
            continue
        try:
            with po.open("rb") as f:
                catalog = read_po(f)
            fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
            with os.fdopen(fd, "wb") as f:
                write_mo(f, catalog)
            os.replace(tmp, mo)
            written.append(mo)
        except OSError:
            log.warning("could not compile the message catalogue %s", po, exc_info=True)
    return written
