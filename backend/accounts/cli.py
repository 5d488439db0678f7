"""`flask users ...`: an operator's commands for the first admin and for a forgotten password.

Passwords are typed at a hidden, confirmed prompt, or made with `--generate` and printed once. Both
commands are audited with no actor (the system); neither the password nor the phone goes in the trail.
"""

import secrets

import click
from flask.cli import with_appcontext

from backend.accounts import credentials, service
from backend.accounts.models import Role
from backend.core.errors import DomainError
from backend.extensions import db
from backend.policy.accounts import person_of

#: the province: the first admin is the province association's
PROVINCE_CODE = "610000"

users_cli = click.Group("users", help="User accounts, for operators.")

generate_option = click.option("--generate", is_flag=True, help="Make a strong password and print it once.")


def _phone(value: str) -> str:
    if not service.PHONE_RE.match(value):
        raise click.BadParameter("not a mainland mobile number (1[3-9] and 9 more digits)", param_hint="PHONE")
    return value


def _password(generate: bool) -> str:
    if generate:
        password = secrets.token_urlsafe(12)
        click.echo(f"password: {password}  (shown once: hand it over and ask them to change it)")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(exc: DomainError):
    db.session.rollback()
    raise click.ClickException(str(exc.message)) from exc


@users_cli.command("create-admin")
@click.argument("phone", callback=lambda ctx, param, value: _phone(value))
@click.option("--name", default="", help="Display name of a new user.")
@generate_option
@with_appcontext
def create_admin(phone: str, name: str, generate: bool):
    """Make PHONE an admin of the province association (610000), creating the user if needed."""
    user = service.find_by_phone(phone)
    try:
        if user is None:
            user = service.register(phone, _password(generate), name)
        else:
            click.echo(f"user {user.id} exists and keeps their password")
        service.grant_role(None, user, Role.association_admin, region_code=PROVINCE_CODE)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"user {user.id} is an admin of {PROVINCE_CODE}")


@users_cli.command("reset-password")
@click.argument("phone", callback=lambda ctx, param, value: _phone(value))
@generate_option
@with_appcontext
def reset_password(phone: str, generate: bool):
    """Set a new password for PHONE; every session of theirs ends."""
    user = service.find_by_phone(phone)
    if user is None:
        raise click.ClickException("no user has this phone number")
    try:
        credentials.reset_password(user, _password(generate), person_of(user).region_code)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"user {user.id} has a new password; their sessions have ended")
