"""`dfbot ask`: a question answered as in a private chat in Teams.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

import typer

from dfbot.cli.common import fail, open_db, run
from infra.config import get_settings

__all__ = ["ask"]


def ask(
    question: str = typer.Argument(..., help='e.g. "which projects are red?"'),
    as_email: str = typer.Option("", "--as", help="Answer as this person (their roles decide what is shown)"),
) -> None:
    """Ask the bot a question, as in Teams (a private chat)."""
    from programme.access import Viewer
    from services.ask import ask as ask_engine

    settings = get_settings()

    async def go():
        db = open_db()
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

    answer = run(go())
    if answer is None:
        fail(f"No one with the email {as_email} is known to the bot.")
    typer.echo(answer.text)
