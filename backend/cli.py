"""CLI command groups; each package adds its own commands here."""

from flask import Flask


def register(app: Flask) -> None:
    from backend.regions.cli import regions_cli
    from backend.demo import demo_cli  # noqa: I001

    app.cli.add_command(regions_cli)
    app.cli.add_command(demo_cli)
