"""`dfbot person` and `dfbot retention`: information governance (subject access, erasure, the
admin role from the server, data past its retention period).

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.cli.common import bot_files, fail, merge_cards_for, now, secrets_of, with_db
from infra.config import get_settings
from infra.logs import configure as configure_logging

__all__ = [
    "person_app",
    "person_export",
    "person_forget",
    "person_make_admin",
    "person_remove_admin",
    "retention_app",
    "retention_purge",
]

person_app = typer.Typer(help="One person's data: subject access export and erasure.", no_args_is_help=True)
retention_app = typer.Typer(help="Retention: delete what is past its retention period.", no_args_is_help=True)


@person_app.command("export")
def person_export(
    email: str = typer.Argument(..., help="The person's work email"),
    out: Path = typer.Option(None, "--out", file_okay=False, help="Folder for the files (default: EXPORT_DIR)"),
    reference: str = typer.Option("", help="Your case reference, kept in the audit log (no names)"),
) -> None:
    """Subject access: everything held about one person, as JSON and a readable HTML page."""
    from services.subject_access import PersonNotFound, export_person

    settings = get_settings()
    try:
        result = with_db(
            lambda db: export_person(
                db,
                email,
                out or Path(settings.export_dir),
                now=now(),
                actor="cli:person export",
                files=bot_files(),
                tz=settings.timezone,
                reference=reference,
            )
        )
    except PersonNotFound:
        fail("No one with that email is held (never known to the bot, or already forgotten). Nothing was written.")
    typer.echo(f"Written {result.html_path} and {result.json_path}.")
    typer.echo(
        "These files hold personal data: send them securely and delete them when the request is closed "
        f"(files in EXPORT_DIR are deleted after {settings.retention_export_days} days)."
    )


@person_app.command("forget")
def person_forget(
    email: str = typer.Argument(..., help="The person's work email"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation"),
    reference: str = typer.Option("", help="Your case reference, kept in the audit log (no names)"),
) -> None:
    """Erasure: remove or anonymise one person; their updates stay, attributed to their former role."""
    from services.subject_access import PersonNotFound, forget_person

    if not yes:
        typer.confirm(
            f"Forget {email}? Their name, email and Teams ids are removed and cannot be recovered.", abort=True
        )
    try:
        report = with_db(
            lambda db: forget_person(
                db, email, now=now(), actor="cli:person forget", files=bot_files(), reference=reference
            )
        )
    except PersonNotFound:
        fail("No one with that email is held (never known to the bot, or already forgotten). Nothing was changed.")
    typer.echo(f"Forgotten: now person #{report.person_id}, anonymous.")
    for name, n in report.counts().items():
        typer.echo(f"  {name.replace('_', ' ')}: {n}")
    typer.echo(f"  files anonymised: {report.files_anonymised}")
    if report.project_roles_removed:
        typer.echo(f"Projects that need a new lead or deputy: {', '.join(report.project_roles_removed)}")


@person_app.command("make-admin")
def person_make_admin(email: str = typer.Argument(..., help="Their work email (as in Teams)")) -> None:
    """Make someone an admin from the server, when nobody in Teams can (audited)."""
    from services.admin_recovery import NotDone, make_admin

    try:
        outcome = with_db(lambda db: make_admin(db, email, actor="cli:person make-admin"))
    except NotDone as exc:
        fail(str(exc))
    typer.echo(
        f"{outcome.email} is {'now' if outcome.changed else 'already'} an admin ({outcome.admins} in all)."
        + (
            ""
            if outcome.known_in_teams
            else " The bot has not met them in Teams yet: it applies when they first message it."
        )
    )
    if with_db(lambda db: merge_cards_for(get_settings(), db, [outcome.email])):
        typer.echo(
            "A Teams account gave this email but is not linked by it (a guest, another organisation's account "
            "or a second account): it was not made an admin. Admins get a card in Teams to merge them if it "
            "is the same person."
        )


@person_app.command("remove-admin")
def person_remove_admin(email: str = typer.Argument(..., help="Their work email")) -> None:
    """Take someone's admin role away from the server; never the last admin (audited)."""
    from services.admin_recovery import NotDone, remove_admin

    try:
        outcome = with_db(lambda db: remove_admin(db, email, actor="cli:person remove-admin"))
    except NotDone as exc:
        fail(str(exc))
    if not outcome.changed:
        typer.echo(f"{outcome.email} is not an admin. Nothing was changed.")
        return
    typer.echo(f"{outcome.email} is no longer an admin ({outcome.admins} left).")
    if outcome.email in get_settings().admin_email_list:
        typer.echo(
            "Their email is still in ADMIN_EMAILS: take it out, or a new Teams account with that email would "
            "be made an admin on first contact."
        )


@retention_app.command("purge")
def retention_purge(
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would go; delete nothing"),
) -> None:
    """Delete data past its retention period (safe to run daily, e.g. from cron)."""
    from services.retention import purge

    settings = get_settings()
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    counts = with_db(lambda db: purge(db, settings, now(), dry_run=dry_run))
    typer.echo(("Would remove" if dry_run else "Removed") + ":")
    for name, n in sorted(counts.items()):
        typer.echo(f"  {name.replace('_', ' ')}: {n}")
