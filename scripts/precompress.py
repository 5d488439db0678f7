"""Write NAME.gz next to each compressible file of the PWA build's assets/ for nginx's `gzip_static`.

    .venv/bin/python scripts/precompress.py [pwa/dist/assets]

gzip level 9, once per release, instead of nginx compressing every response. A .gz is rewritten only
when its file changed, and its time is set to the file's (nginx sends the original's Last-Modified).
"""

import gzip
import os
import sys
from pathlib import Path

COMPRESSIBLE = {".js", ".css", ".svg", ".json", ".webmanifest", ".map", ".html", ".txt"}
MIN_BYTES = 256  # below this the gzip header outweighs the saving


def precompress(folder: Path) -> int:
    written = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.stat().st_size < MIN_BYTES:
            continue
        target = path.with_name(path.name + ".gz")
        stat = path.stat()
        if target.exists() and target.stat().st_mtime == stat.st_mtime:
            continue
        target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        os.utime(target, (stat.st_atime, stat.st_mtime))
        written += 1
    return written


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "pwa/dist/assets")
    print(f"precompress: {precompress(root)} .gz files written in {root}")
