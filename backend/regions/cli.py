"""`flask regions load`: load the Shaanxi gazetteer (idempotent)."""

import click
from flask.cli import with_appcontext

from backend.extensions import db


@click.group("regions")
def regions_cli():
    """Administrative divisions."""


@regions_cli.command("load")
@with_appcontext
def load():
    """Load or refresh the Shaanxi gazetteer: province, cities, counties and townships."""
    from backend.regions.service import load_gazetteer

    added, updated = load_gazetteer()
    db.session.commit()
    click.echo(f"regions: {added} added, {updated} updated")
