#!/usr/bin/env python3
"""The package -> package import graph of backend/ (imports inside functions included), upward edges marked.

    .venv/bin/python scripts/import_graph.py

The rules are tests/test_layers.py's, which fails on any upward edge.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_layers import package_edges, upward_imports  # noqa: E402


def main() -> None:
    backend = ROOT / "backend"
    bad = {(line.split("/")[1], line.split(" -> ")[1].split(".")[1]) for line in upward_imports(backend)}
    for src, dst in sorted(package_edges(backend)):
        print(f"{src} -> {dst}{'   UPWARD' if (src, dst) in bad else ''}")


if __name__ == "__main__":
    main()
