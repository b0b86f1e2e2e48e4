"""Fixtures for the question engine: the fixture plan as a vocabulary (no database) and loaded into one."""

from __future__ import annotations

from datetime import date

import pytest

from programme.access import Viewer
from programme.questions import PersonEntry, ProjectEntry, TermEntry, Vocabulary
from services.ask import forget_vocabulary
from tests.questions import fixture

TODAY = date(2026, 11, 25)

MEMBER = Viewer(name="Jo Member")
MEMBER_IN_CHANNEL = Viewer(name="Jo Member", conversation_type="channel")
ADMIN = Viewer(name="Alex Reid", staff_roles=frozenset({"admin"}))
ADMIN_IN_CHANNEL = Viewer(name="Alex Reid", staff_roles=frozenset({"admin"}), conversation_type="channel")
DLG = Viewer(name="Zoe Adams", staff_roles=frozenset({"dlg"}))
DLG_IN_GROUP_CHAT = Viewer(name="Zoe Adams", staff_roles=frozenset({"dlg"}), conversation_type="groupChat")


def fixture_vocabulary() -> Vocabulary:
    """The fixture plan as the parser sees it, built from the tables alone (ids in table order)."""
    person_ids = {name: i + 1 for i, name in enumerate(fixture.PEOPLE)}
    projects = [
        ProjectEntry(
            id=k + 1,
            ref=p.ref,
            name=p.name,
            aliases=p.aliases,
            area=fixture.AREA_OF[p.area],
            enablers=p.enablers,
            leads=tuple(person_ids[n] for n in p.leads),
            deputies=tuple(person_ids[n] for n in p.deputies),
            status=p.status,
        )
        for k, p in enumerate(fixture.PROJECTS)
    ]
    return Vocabulary.build(
        projects,
        [PersonEntry(i, n) for n, i in person_ids.items()],
        [TermEntry(k, n) for k, n in fixture.AREAS],
        [TermEntry(k, n) for k, n in fixture.ENABLERS],
    )


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return fixture_vocabulary()


@pytest.fixture
async def plan(db):
    """The fixture programme loaded into a fresh database (SQLite and PostgreSQL)."""
    forget_vocabulary()
    loaded = await fixture.load(db)
    yield loaded
    forget_vocabulary()
