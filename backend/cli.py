"""CLI command groups; each package adds its own commands here."""

from flask import Flask


def register(app: Flask) -> None:
    from backend.accounts.cli import users_cli
    from backend.core.storage import storage_cli
    from backend.demo import demo_cli
    from backend.push.keys import push_cli
    from backend.regions.cli import regions_cli
    from backend.scheduler import scheduler_cli

    app.cli.add_command(regions_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(push_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(storage_cli)
