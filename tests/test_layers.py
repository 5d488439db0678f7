"""One direction of dependency: no module under backend/ imports a package above its own.

The order (README, "Layout"): core < regions < accounts < volunteers = stations < events < attendance
< needs < assessment. notifications, push and audit are infrastructure every domain may import; they
import only core, regions and accounts. policy may read the models of any package but imports no
service, and no service imports policy. The root modules (backend/__init__, web, cli, scheduler, docs,
demo ...) compose everything and may import anything. Imports inside functions count as much as those
at the top of a module: a late import is still a dependency.
"""

import ast
import pathlib
import textwrap

RANK = {"core": 0, "regions": 1, "accounts": 2, "volunteers": 3, "stations": 3, "events": 4,
        "attendance": 5, "needs": 6, "assessment": 7}
INFRA = {"notifications", "push", "audit"}
ROOT = {"__init__", "web", "cli", "scheduler", "docs", "demo", "extensions", "config", "translations", "migrations"}
UNRANKED = 99
BACKEND = pathlib.Path(__file__).resolve().parent.parent / "backend"


def package_of(module: str) -> str | None:
    """`backend.events.service.signups` -> `events`; None for anything outside backend."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "backend" else None


def imported_names(tree: ast.AST):
    """(dotted name, line) of every absolute import in the tree, functions included.

    `from backend.x import y` yields both `backend.x` and `backend.x.y`: y may be a submodule."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            yield from ((f"{node.module}.{alias.name}", node.lineno) for alias in node.names)


def why_not(src_parts: tuple[str, ...], name: str) -> str | None:
    """Why the module at `src_parts` (backend/<pkg>/...) may not import `name`; None when it may."""
    src, dst = src_parts[1], package_of(name)
    if dst is None or dst == src or dst in ROOT:
        return None
    is_service = "service" in src_parts[-1] or "service" in src_parts
    if src == "policy":
        return "policy calls a service" if ".service" in name else None
    if dst == "policy":
        return "a service imports policy" if is_service else None
    if src in INFRA:
        return "infrastructure imports a domain" if dst not in INFRA and RANK.get(dst, UNRANKED) > RANK["accounts"] \
            else None
    if dst in INFRA:
        return None
    src_rank, dst_rank = RANK.get(src, UNRANKED), RANK.get(dst, UNRANKED)
    if dst_rank > src_rank:
        return "upward"
    return "sideways" if dst_rank == src_rank else None


def upward_imports(backend: pathlib.Path) -> list[str]:
    """One line per forbidden import: `backend/stations/service:10 -> backend.events.service (upward)`."""
    found = {}
    for path in sorted(backend.rglob("*.py")):
        parts = path.relative_to(backend.parent).with_suffix("").parts
        if len(parts) < 2 or parts[1] in ROOT:
            continue
        for name, line in imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            reason = why_not(parts, name)
            if reason:
                target = name.rsplit(".", 1)[0] if name.count(".") > 2 else name
                found.setdefault(("/".join(parts), target), f"{'/'.join(parts)}:{line} -> {target} ({reason})")
    return sorted(found.values())


def package_edges(backend: pathlib.Path) -> set[tuple[str, str]]:
    """Every package -> package import (both packages under backend/), for a picture of the graph."""
    edges = set()
    for path in backend.rglob("*.py"):
        parts = path.relative_to(backend.parent).with_suffix("").parts
        src = parts[1] if len(parts) > 2 else "(root)"
        for name, _ in imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            dst = package_of(name)
            if dst and dst != src and (backend / dst).is_dir():
                edges.add((src, dst))
    return edges


def test_no_module_imports_a_package_above_its_own():
    assert upward_imports(BACKEND) == []


def _write(root: pathlib.Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")


def test_the_checker_finds_upward_imports_at_the_top_and_inside_functions(tmp_path):
    backend = tmp_path / "backend"
    _write(tmp_path, "backend/__init__.py", "from backend.events import service\n")  # the root may
    _write(tmp_path, "backend/events/service.py", "from backend.accounts.models import User\n")  # downward
    _write(tmp_path, "backend/accounts/service.py", """\
        from backend.audit import service as audit

        def is_volunteer(user):
            from backend.volunteers import service as volunteers
            return volunteers.profile_of(user.id) is not None
        """)
    _write(tmp_path, "backend/stations/service.py", "import backend.volunteers.models\nfrom backend import policy\n")
    _write(tmp_path, "backend/policy/teams.py", "from backend.volunteers.models import Team\n"
                                                "from backend.volunteers.service import is_member\n")
    _write(tmp_path, "backend/audit/service.py", "from backend.events.models import Event\n")

    assert upward_imports(backend) == [
        "backend/accounts/service:4 -> backend.volunteers (upward)",
        "backend/accounts/service:4 -> backend.volunteers.service (upward)",
        "backend/audit/service:1 -> backend.events.models (infrastructure imports a domain)",
        "backend/policy/teams:2 -> backend.volunteers.service (policy calls a service)",
        "backend/stations/service:1 -> backend.volunteers.models (sideways)",
        "backend/stations/service:2 -> backend.policy (a service imports policy)",
    ]
