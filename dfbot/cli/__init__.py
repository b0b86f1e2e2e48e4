"""`dfbot`: the command-line tool. Each command is one unit of work against the configured database.

One module per command group (`db.py`, `plan.py`, `updates.py`, `decisions.py`, `person.py` with retention,
`audit.py`, `cycle.py` with reminders, `digest.py`, `directory.py`), the top-level commands in `serve.py`,
`ask.py` and `package.py`, what they share in `common.py`; this module only puts them together, in the order
`dfbot --help` lists them. Commands import what they use inside their own body: kept for start-up time
(`dfbot --help` and `dfbot plan import` never load botbuilder, msgraph or the web app), not to dodge an
import cycle.
"""

from __future__ import annotations

import typer

from dfbot.cli.ask import ask
from dfbot.cli.audit import audit_app
from dfbot.cli.cycle import cycle_app, reminders_app
from dfbot.cli.db import db_app
from dfbot.cli.decisions import decisions_app
from dfbot.cli.digest import digest_app
from dfbot.cli.directory import directory_app
from dfbot.cli.package import package
from dfbot.cli.person import person_app, retention_app
from dfbot.cli.plan import plan_app
from dfbot.cli.serve import serve
from dfbot.cli.updates import updates_app

__all__ = ["app", "main"]

app = typer.Typer(
    help="Digital First bot: serve the bot and manage the programme's data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(serve)
app.command()(ask)
for _name, _group in (
    ("db", db_app),
    ("plan", plan_app),
    ("updates", updates_app),
    ("decisions", decisions_app),
    ("person", person_app),
    ("retention", retention_app),
    ("audit", audit_app),
    ("cycle", cycle_app),
    ("reminders", reminders_app),
    ("digest", digest_app),
    ("directory", directory_app),
):
    app.add_typer(_group, name=_name)
app.command()(package)


def main() -> None:  # pragma: no cover
    app()
