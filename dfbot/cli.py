"""`dfbot`: the command-line tool. Each command is one unit of work against the configured database.

Commands import what they use inside their own body: kept for start-up time (`dfbot --help` and
`dfbot plan import` never load botbuilder, msgraph or the web app), not to dodge an import cycle.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from dfbot.checks import configuration_problems, listen_hosts
from dfbot.config import get_settings
from dfbot.logs import configure as configure_logging

app = typer.Typer(
    help="Digital First bot: serve the bot and manage the programme's data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database: migrations, backups.", no_args_is_help=True)
plan_app = typer.Typer(help="The delivery plan: projects, leads, milestones.", no_args_is_help=True)
updates_app = typer.Typer(help="Status updates.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(plan_app, name="plan")
app.add_typer(updates_app, name="updates")


def _db():
    from store.db import Database

    return Database(get_settings().database_url)


def _run(coro):
    return asyncio.run(coro)


def _fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@app.command()
def serve(
    port: int = typer.Option(None, help="Port (default: $PORT or 3978)"),
    host: str = typer.Option(
        None, help="Interface to listen on (default: 127.0.0.1 and ::1 in local mode, every interface otherwise)"
    ),
) -> None:
    """Run the web endpoint (and the scheduler) in one process. Refuses to start on a partial configuration."""
    import gc
    import logging

    from aiohttp import web

    from dfbot.production_checks import production_problems
    from dfbot.tenancy_checks import tenant_problem
    from dfbot.web import STARTUP_WARNINGS, create_app

    settings = get_settings()
    hosts, host_problems = listen_hosts(settings, host)
    problems = configuration_problems(settings) + host_problems
    if (problem := settings.directory_problem()) is not None:
        problems.append(f"Not started: {problem}")  # named with the rest, so one run tells everything to fix
    if problems:
        _fail("dfbot serve will not start:\n" + "\n".join(f"  - {p}" for p in problems))
    configure_logging(settings.log_level, secrets=_secrets(settings))
    if (problem := settings.directory_problem()) is not None:
        _fail(f"Not started: {problem}")
    if (problem := tenant_problem(settings)) is not None:
        _fail(problem)
    problems = production_problems(settings)
    if problems:  # outside local mode: what would fail silently in production stops the start instead
        _fail("The bot will not start; fix these settings first:\n- " + "\n- ".join(problems))
    port = port or settings.port
    hosts = _bindable(hosts)
    mode = (
        "local mode (LOCAL_MODE=true: anonymous Bot Framework calls accepted, no dashboard sign-in)"
        if settings.local_mode
        else "authenticated mode"
    )
    typer.echo(
        f"Digital First bot on http://localhost:{port}/api/messages, listening on {', '.join(hosts)} — {mode}; "
        f"database {_safe_url(settings.database_url)}"
    )
    web_app = create_app(settings)
    for warning in web_app[STARTUP_WARNINGS]:  # also in every /readyz answer
        logging.getLogger("dfbot.serve").warning("%s", warning)
    # What is loaded by now (modules, the bot, its cards and rules) lives as long as the process: move it
    # out of the collector's sight, so the full collections a busy bot triggers do not walk it every time.
    gc.collect()
    gc.freeze()
    web.run_app(web_app, host=hosts, port=port, print=None, access_log=None)


def _bindable(hosts: list[str]) -> list[str]:
    """Loopback is 127.0.0.1 and ::1, but a machine or container without IPv6 has no ::1: leave it out
    rather than fail to start (127.0.0.1 is still there)."""
    import socket

    if "::1" not in hosts or len(hosts) == 1:
        return hosts
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return [h for h in hosts if h != "::1"]
    return hosts


def _secrets(settings) -> list[str]:
    """Values the log redaction masks wherever they appear (see dfbot/logs.py)."""
    return [
        settings.app_password.get_secret_value(),
        settings.secret_key.get_secret_value(),
        settings.directory_certificate_password.get_secret_value(),
        settings.graph_client_secret.get_secret_value(),
        settings.bot_certificate_password.get_secret_value(),
        settings.graph_certificate_password.get_secret_value(),
    ]


def _safe_url(url: str) -> str:
    from store.db import safe_url

    return safe_url(url)


@app.command()
def ask(
    question: str = typer.Argument(..., help='e.g. "which projects are red?"'),
    as_email: str = typer.Option("", "--as", help="Answer as this person (their roles decide what is shown)"),
) -> None:
    """Ask the bot a question, as in Teams (a private chat)."""
    from programme.access import Viewer
    from services.ask import ask as ask_engine

    settings = get_settings()

    async def go():
        db = _db()
        try:
            viewer = Viewer()
            if as_email:
                from store import people_repo

                async with db.unit_of_work() as s:
                    person = await people_repo.person_by_email(s, as_email)
                    if person is None:
                        return None
                    viewer = Viewer(
                        person_id=person.id,
                        name=person.name,
                        email=person.email,
                        staff_roles=frozenset(await people_repo.staff_roles(s, person.id)),
                        lead_of=frozenset(await people_repo.projects_led(s, person.id)),
                    )
            return await ask_engine(
                db, question, viewer, conversation_id=None, tz=settings.timezone, learned=settings.questions_learned
            )
        finally:
            await db.dispose()

    answer = _run(go())
    if answer is None:
        _fail(f"No one with the email {as_email} is known to the bot.")
    typer.echo(answer.text)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations (creates the database when it does not exist)."""
    from store.db import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo("Database is up to date.")


@db_app.command("downgrade")
def db_downgrade(
    revision: str = typer.Argument(
        ..., help="The migration to go back to, e.g. the previous release's migrations.head from its /readyz"
    ),
) -> None:
    """Undo migrations down to REVISION (rolling a release back; take a backup first, stop the new release)."""
    from store.db import downgrade, known_revisions

    if revision not in known_revisions():
        _fail(
            f"{revision} is not one of this release's migrations ({', '.join(known_revisions())}). Nothing was changed."
        )
    downgrade(get_settings().database_url, revision)
    typer.echo(f"Database is at migration {revision}.")


@db_app.command("backup")
def db_backup(
    path: Path = typer.Argument(..., dir_okay=False, help="Where to write the backup file"),
    force: bool = typer.Option(False, "--force", help="Replace PATH if it exists"),
) -> None:
    """Back up the database while the bot runs (SQLite online backup; PostgreSQL pg_dump -Fc)."""
    from store import backup

    url = get_settings().database_url
    try:
        if _is_sqlite(url):
            outcome = backup.backup_sqlite(url, path, force=force)
            typer.echo(
                f"Backed up to {path}: {sum(outcome.tables.values())} rows in {len(outcome.tables)} tables "
                f"(migration {outcome.revision})."
            )
        else:
            backup.backup_postgres(url, path, force=force)
            typer.echo(f"Backed up to {path} (pg_dump custom format; restore with `dfbot db restore {path}`).")
    except backup.ToolMissing as exc:
        _fail(f"{exc}\nOn a machine that has the PostgreSQL client tools, run:\n  " + "\n  ".join(exc.commands))
    except backup.BackupError as exc:
        _fail(f"No backup was made. {exc}")


@db_app.command("restore")
def db_restore(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="A backup file"),
    force: bool = typer.Option(False, "--force", help="Replace a database that already holds data"),
) -> None:
    """Restore a backup into the configured database (stop the bot first)."""
    from store import backup
    from store.db import head_revision

    url = get_settings().database_url
    try:
        if _is_sqlite(url):
            outcome = backup.restore_sqlite(path, url, force=force)
            typer.echo(
                f"Restored {sum(outcome.tables.values())} rows in {len(outcome.tables)} tables into {outcome.path}."
            )
            if outcome.revision != head_revision():
                typer.echo("The backup is from an older version: run `dfbot db upgrade` before starting the bot.")
        else:
            _run(backup.restore_postgres(path, url, force=force))
            typer.echo("Restored. Run `dfbot db upgrade` if the backup is from an older version.")
    except backup.ToolMissing as exc:
        _fail(f"{exc}\nOn a machine that has the PostgreSQL client tools, run:\n  " + "\n  ".join(exc.commands))
    except backup.BackupError as exc:
        _fail(f"Nothing was restored. {exc}")


def _is_sqlite(url: str) -> bool:
    from store.db import is_sqlite_url

    return is_sqlite_url(url)


@plan_app.command("import")
def plan_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import projects, milestones, history or the DLG's decisions log from CSV, XLSX or YAML (recognised by header)."""
    from services.files.decisions_log import log_table
    from services.files.plan_io import PlanFileError, import_path

    if path.suffix.lower() in (".csv", ".txt", ".xlsx") and log_table(path) is not None:
        return decisions_import(path)
    settings = get_settings()
    if (problem := settings.directory_problem()) is not None:
        _fail(f"Nothing was imported: {problem}")

    async def go():
        db = _db()
        try:
            report = await import_path(
                db, path, actor="cli:plan import", tz=settings.timezone, progress=_progress_bar()
            )
            if settings.directory_credential and report.emails:  # look the plan's people up now (warnings only)
                from dfbot.wiring import directory_context
                from services.directory import check_import

                async with directory_context(settings, db) as ctx:
                    report.warnings += await check_import(ctx, report.emails)
            return report
        finally:
            await db.dispose()

    try:
        report = _run(go())
    except PlanFileError as exc:
        _fail(f"Nothing was imported.\n{exc}")
    for line in report.lines():
        typer.echo(line)
    unlinked = (
        _with_db(lambda db: _merge_cards_for(settings, db, report.emails))
        if report.emails and not report.dry_run
        else 0
    )
    if unlinked:
        typer.echo(
            f"Note: {unlinked} of the leads' and deputies' emails were given in Teams by accounts the bot does "
            "not link by email (guests, other organisations): those accounts got no role. Admins get a card "
            "in Teams to merge each with the person imported, if it is the same person."
        )


@plan_app.command("export")
def plan_export(path: Path = typer.Argument(..., dir_okay=False)) -> None:
    """Export the plan (CSV, XLSX or YAML by extension) in the same columns the import reads."""
    from services.files.plan_io import export_path

    async def go():
        db = _db()
        try:
            return await export_path(db, path)
        finally:
            await db.dispose()

    _run(go())
    typer.echo(f"Plan written to {path}")


@plan_app.command("load-default")
def plan_load_default() -> None:
    """Load the default plan (from the 2021 Cabinet report) when the database has no projects."""
    from services.files.plan_io import load_default_plan_if_empty

    async def go():
        db = _db()
        try:
            return await load_default_plan_if_empty(db)
        finally:
            await db.dispose()

    loaded = _run(go())
    typer.echo("Default plan loaded." if loaded else "Projects already exist; default plan not loaded.")


@updates_app.command("import")
def updates_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import update history (CSV, XLSX or YAML); the cycle follows from submitted_at."""
    plan_import(path)


decisions_app = typer.Typer(help="The DLG's decisions log: asks and what was decided.", no_args_is_help=True)
app.add_typer(decisions_app, name="decisions")


@decisions_app.command("import")
def decisions_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import a decisions log (project_ref, raised_at, ask, decision, decided_at, note) from CSV or XLSX."""
    from services.files.decisions_log import import_log
    from services.files.plan_io import PlanFileError
    from store.types import utcnow

    settings = get_settings()
    try:
        report = _with_db(
            lambda db: import_log(db, path, tz=settings.timezone, now=utcnow(), actor="cli:decisions import")
        )
    except PlanFileError as exc:
        _fail(f"Nothing was imported.\n{exc}")
    for line in report.lines():
        typer.echo(line)


@decisions_app.command("export")
def decisions_export(path: Path = typer.Argument(..., dir_okay=False, help="PATH.csv or PATH.xlsx")) -> None:
    """Export the decisions log in the columns the import reads (text never runs as a formula)."""
    from services.files.decisions_log import export_log

    try:
        written = _with_db(lambda db: export_log(db, path, tz=get_settings().timezone))
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(f"{written} asks written to {path}")


@decisions_app.command("agenda-again")
def decisions_agenda_again(
    period: str = typer.Option(None, "--period", help="The digest's period key (default: the latest cycle)"),
) -> None:
    """Post the agenda reply in a Graph digest's thread again, once an admin has looked and it is not there."""
    from dfbot.wiring import running_context
    from services.agenda_reply import post_again

    async def go():
        async with running_context(get_settings()) as ctx:
            key = await _digest_period(ctx, period)
            return None if key is None else await post_again(ctx, key)

    said = _run(go())
    if said is None:
        _fail("There is no update cycle yet, so there is no digest.")
    typer.echo(said)


# --------------------------------------------------------------------------- information governance
person_app = typer.Typer(help="One person's data: subject access export and erasure.", no_args_is_help=True)
retention_app = typer.Typer(help="Retention: delete what is past its retention period.", no_args_is_help=True)
app.add_typer(person_app, name="person")
app.add_typer(retention_app, name="retention")


def _now():
    from store.types import utcnow

    return utcnow()


def _with_db(work):
    """Run `work(db)` against the configured database and dispose of it afterwards."""

    async def go():
        db = _db()
        try:
            return await work(db)
        finally:
            await db.dispose()

    return _run(go())


def _bot_files() -> list[Path]:
    settings = get_settings()
    return [Path(settings.outbox_dir), Path(settings.export_dir)]


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
        result = _with_db(
            lambda db: export_person(
                db,
                email,
                out or Path(settings.export_dir),
                now=_now(),
                actor="cli:person export",
                files=_bot_files(),
                tz=settings.timezone,
                reference=reference,
            )
        )
    except PersonNotFound:
        _fail("No one with that email is held (never known to the bot, or already forgotten). Nothing was written.")
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
        report = _with_db(
            lambda db: forget_person(
                db, email, now=_now(), actor="cli:person forget", files=_bot_files(), reference=reference
            )
        )
    except PersonNotFound:
        _fail("No one with that email is held (never known to the bot, or already forgotten). Nothing was changed.")
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
        outcome = _with_db(lambda db: make_admin(db, email, actor="cli:person make-admin"))
    except NotDone as exc:
        _fail(str(exc))
    typer.echo(
        f"{outcome.email} is {'now' if outcome.changed else 'already'} an admin ({outcome.admins} in all)."
        + (
            ""
            if outcome.known_in_teams
            else " The bot has not met them in Teams yet: it applies when they first message it."
        )
    )
    if _with_db(lambda db: _merge_cards_for(get_settings(), db, [outcome.email])):
        typer.echo(
            "A Teams account gave this email but is not linked by it (a guest, another organisation's account "
            "or a second account): it was not made an admin. Admins get a card in Teams to merge them if it "
            "is the same person."
        )


async def _merge_cards_for(settings, db, emails) -> int:
    """How many of `emails` (just given a role) accounts gave without being linked by them; for each, admins
    get the merge card the first-contact path gives (services/identity.py), once per account."""
    from dfbot.wiring import running_context  # start-up time
    from services.identity import tell_admins_about_holders  # start-up time
    from services.unlinked_accounts import emails_with_unlinked_accounts  # start-up time

    unlinked = await emails_with_unlinked_accounts(db, emails)
    if unlinked:
        async with running_context(settings, db) as ctx:
            for email in unlinked:
                await tell_admins_about_holders(ctx, email)
    return len(unlinked)


@person_app.command("remove-admin")
def person_remove_admin(email: str = typer.Argument(..., help="Their work email")) -> None:
    """Take someone's admin role away from the server; never the last admin (audited)."""
    from services.admin_recovery import NotDone, remove_admin

    try:
        outcome = _with_db(lambda db: remove_admin(db, email, actor="cli:person remove-admin"))
    except NotDone as exc:
        _fail(str(exc))
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
    configure_logging(settings.log_level, secrets=_secrets(settings))
    counts = _with_db(lambda db: purge(db, settings, _now(), dry_run=dry_run))
    typer.echo(("Would remove" if dry_run else "Removed") + ":")
    for name, n in sorted(counts.items()):
        typer.echo(f"  {name.replace('_', ' ')}: {n}")


def _parse_day(value: str):
    from datetime import date, datetime

    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    raise typer.BadParameter("use a date like 2026-04-01 or 01/04/2026")


@updates_app.command("export")
def updates_export(
    since: str = typer.Option(..., "--since", help="First day to include (2026-04-01 or 01/04/2026)"),
    out: Path = typer.Option(None, "--out", dir_okay=False, help="PATH.csv or PATH.xlsx"),
    with_names: bool = typer.Option(
        False, "--with-names", help="Add who submitted each update (officers' names are personal data)"
    ),
) -> None:
    """Freedom of information: updates in a publishable form, sensitive risks and emails left out."""
    from services.foi import export_updates

    settings = get_settings()
    day = _parse_day(since)
    path = out or Path(settings.export_dir) / f"updates-since-{day.isoformat()}.csv"
    if path.suffix.lower() not in (".csv", ".xlsx"):
        _fail("The export file must end in .csv or .xlsx.")
    result = _with_db(
        lambda db: export_updates(
            db, day, path, now=_now(), actor="cli:updates export", tz=settings.timezone, with_names=with_names
        )
    )
    typer.echo(f"{result.rows} updates written to {result.path}{' with names' if with_names else ' without names'}.")
    typer.echo(
        f"{result.decisions} DLG decisions written to "
        f"{result.decisions_path or str(result.path) + ' (sheet decisions)'}."
    )
    if result.risks_withheld:
        typer.echo(
            f"{result.risks_withheld} risks marked sensitive were left out; cite the exemption you rely on "
            "in your reply."
        )
    typer.echo("Review free text before publishing: only names and emails the bot knows are removed.")


audit_app = typer.Typer(help="The audit log: who changed what, and when.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("export")
def audit_export(
    path: Path = typer.Argument(..., dir_okay=False, help="PATH.csv"),
    since: str = typer.Option(None, "--since", help="First day to include (2026-03-01 or 01/03/2026)"),
) -> None:
    """The audit log as a CSV (it holds people's emails: keep the file safe)."""
    from services.audit_log import export_csv, local_midnight

    settings = get_settings()
    start = local_midnight(_parse_day(since), settings.timezone) if since else None
    written = _with_db(lambda db: export_csv(db, path, tz=settings.timezone, since=start))
    typer.echo(f"{written} audit entries written to {path}. The file holds people's emails: keep it safe.")


def _progress_bar():
    """A progress bar on a terminal for large files; silent otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        """Called per row, first while reading the file (in a worker thread), then while applying it."""
        if not tasks:
            progress.start()
        if stage not in tasks:
            tasks[stage] = progress.add_task("Reading" if stage == "read" else "Importing", total=total)
        progress.update(tasks[stage], completed=done, total=total)
        if stage == "apply" and done >= total:
            progress.stop()

    return update


# --------------------------------------------------------------------------- update cycles and prompts
cycle_app = typer.Typer(help="Update cycles: open one now, see where the current one stands.", no_args_is_help=True)
reminders_app = typer.Typer(help="Prompts and reminders to leads.", no_args_is_help=True)
app.add_typer(cycle_app, name="cycle")
app.add_typer(reminders_app, name="reminders")


def _send_queued(db, settings, reclaim_after: float | None):
    """Send what is queued through the bot's messenger (the same limiter and rules as the scheduler)."""
    from datetime import timedelta

    from dfbot.wiring import running_context
    from services.prompts import send_pending

    async def go():
        async with running_context(settings, db) as ctx:
            wait = timedelta(seconds=settings.reclaim_after_seconds if reclaim_after is None else reclaim_after)
            return await send_pending(db, ctx.require_messenger(), tz=settings.timezone, reclaim_after=wait)

    return go()


@cycle_app.command("open")
def cycle_open(send: bool = typer.Option(True, "--send/--no-send", help="Send the prompts now (default)")) -> None:
    """Open the current period's cycle now (or say which is open) and send its prompts."""
    from services import cycles

    settings = get_settings()
    configure_logging(settings.log_level)

    async def work(db):
        opened = await cycles.open_now(db, _now(), settings.timezone, actor="cli:cycle open")
        paused = await cycles.is_paused(db)
        report = await _send_queued(db, settings, None) if send and not paused else None
        return opened, paused, report

    from cards.update import when

    opened, paused, report = _with_db(work)
    typer.echo(
        f"{'Opened' if opened.created else 'Already open:'} cycle {opened.key}, due "
        f"{when(opened.due_at, settings.timezone)}; {opened.queued} prompt(s) queued."
    )
    if paused:
        typer.echo("Prompts are paused (resume them in Teams with 'resume prompts'); nothing was sent.")
    elif report is not None:
        typer.echo(f"Prompts: {report}")


@cycle_app.command("status")
def cycle_status() -> None:
    """The cadence, the current cycle and its deliveries."""
    from services import cycles

    settings = get_settings()
    typer.echo(_with_db(lambda db: cycles.status(db, _now(), settings.timezone)).replace("**", ""))


@reminders_app.command("send")
def reminders_send(
    reclaim_after: float = typer.Option(
        None,
        "--reclaim-after",
        min=0,
        help="Resend deliveries left 'sending' for this many seconds "
        "(default $RECLAIM_AFTER_SECONDS, 600; 0 only when no "
        "other sender can be running)",
    ),
    force: bool = typer.Option(False, "--force", help="Send even while prompts are paused"),
) -> None:
    """Queue the reminders and escalations due now, then send everything pending."""
    from services import cycles

    settings = get_settings()
    configure_logging(settings.log_level)

    async def work(db):
        now = _now()
        if await cycles.is_paused(db) and not force:
            return None
        await cycles.queue_unprompted(db, now, settings.timezone)
        await cycles.queue_reminders(db, now, settings.timezone)
        await cycles.queue_escalations(db, now, settings.timezone)
        return await _send_queued(db, settings, reclaim_after)

    report = _with_db(work)
    if report is None:
        typer.echo("Prompts are paused; nothing was sent (use --force to send anyway).")
    else:
        typer.echo(f"Deliveries: {report}")


# ---- the DLG digest ---------------------------------------------------------------------------
digest_app = typer.Typer(help="The DLG digest: preview it, post it now.", no_args_is_help=True)
app.add_typer(digest_app, name="digest")


def _digest_period(ctx, period: str | None):
    from services import digest as service

    async def latest():
        return period or await service.latest_period(ctx)

    return latest()


@digest_app.command("preview")
def digest_preview(
    period: str = typer.Option(None, "--period", help="The cycle's period key (default: the latest cycle)"),
) -> None:
    """Compose the digest (kept as a draft) and write its card and HTML under OUTBOX_DIR/preview; sends nothing."""
    from programme.digest import summary_line
    from services import digest as service
    from services.context import AppContext
    from services.digest_transports import OutboxTransport

    settings = get_settings()

    async def go():
        ctx = AppContext(settings=settings, db=_db())
        try:
            key = await _digest_period(ctx, period)
            view = await service.ensure_draft(ctx, key, refresh=True, actor="cli:digest preview") if key else None
            if view is None:
                return None
            outbox = OutboxTransport(settings.outbox_dir / "preview")
            await outbox.send(service.render(view))
            return view, outbox.paths(view.period_key)
        finally:
            await ctx.db.dispose()

    found = _run(go())
    if found is None:
        _fail("There is no update cycle yet, so there is no digest. Open one with `dfbot cycle open`.")
    view, paths = found
    typer.echo(summary_line(view.content))
    typer.echo(f"Status: {view.status} (transport {view.transport}). Nothing was sent.")
    typer.echo(f"HTML: {paths['html']}\nCard: {paths['card']}")


@digest_app.command("post")
def digest_post(
    period: str = typer.Option(None, "--period", help="The cycle's period key (default: the latest cycle)"),
    force: bool = typer.Option(False, "--force", help="Post again one left 'needs_admin' (check the channel first)"),
) -> None:
    """Approve and post the digest now through DIGEST_TRANSPORT (at most once per period)."""
    from dfbot.wiring import running_context
    from services import digest as service
    from services.digest_posting import digest_poster

    settings = get_settings()

    async def go():
        async with running_context(settings) as ctx:
            key = await _digest_period(ctx, period)
            if key is None:
                return None
            async with digest_poster(ctx) as poster:
                return await service.send_now(ctx, poster, key, actor="cli:digest post", force=force)

    outcome = _run(go())
    if outcome is None:
        _fail("There is no update cycle yet, so there is no digest. Open one with `dfbot cycle open`.")
    if outcome.status == "already_posted":
        typer.echo(f"{outcome.detail} Nothing was sent.")
        return
    if outcome.status != "posted":
        _fail(f"Digest {outcome.period_key}: {outcome.status}. {outcome.detail}".strip())
    typer.echo(f"Digest {outcome.period_key} posted through {outcome.transport} (message {outcome.message_id}).")


# --------------------------------------------------------------------------- the directory
directory_app = typer.Typer(
    help="The council's directory (Entra ID): people looked up, leavers found.", no_args_is_help=True
)
app.add_typer(directory_app, name="directory")


@directory_app.command("check")
def directory_check() -> None:
    """Look everyone with a role up in the directory now (the scheduler does it daily) and tell admins about leavers."""
    from dfbot.wiring import running_context
    from programme.directory import DirectoryRefused
    from services import directory, leavers

    settings = get_settings()
    if not settings.directory_credential:
        _fail(f"The directory is {directory.OFF}.")

    async def go():
        async with running_context(settings) as ctx:
            report = await directory.check_people(ctx, ctx.directory)
            return report, await leavers.deliver(ctx)

    try:
        report, cards = _run(go())
    except (DirectoryRefused, ValueError) as exc:
        _fail(f"The directory could not be checked: {exc}")
    typer.echo(f"Directory: {report}. Leaver cards sent to admins: {cards}.")


def main() -> None:  # pragma: no cover
    app()
