"""Demo data for `make run` (never used by tests)."""

import click
from flask.cli import with_appcontext


@click.group("demo")
def demo_cli():
    """Demo data."""


@demo_cli.command("load")
@with_appcontext
def load():
    """Load demo associations, logins, teams, stations and events into an empty database."""
    click.echo("demo: nothing to load yet")
