"""Reaching a lead who never opened the bot and is on no team roster, on SQLite and PostgreSQL: with
DIRECTORY_REACH_EVERYONE the app is installed for them through Graph and the prompt is delivered in the
1:1 chat that opens, in the same run (chat id read back) or the next (after Teams' installationUpdate);
an install Graph refuses is recorded and admins are told; and with the setting off nothing is installed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.messenger import ProactiveMessenger
from programme.cycles import Period
from services import cycles, prompts
from services.context import AppContext
from services.directory import check_people
from services.reach import Reach, reach_for
from store import models as M
from store import people_repo
from store.db import Database
from tests import activities
from tests.botserver import running_bot, settings_for
from tests.directory_fixtures import BOT_APP_ID, CATALOG_APP, directory_for
from tests.fakes.connector import FakeConnector, RateLimits
from tests.fakes.graph import FakeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
TZ = "Europe/London"
WEEK = Period(
    "2026-W50",
    date(2026, 12, 7),
    datetime(2026, 12, 7, 9, tzinfo=UTC),
    datetime(2026, 12, 10, 17, tzinfo=UTC),
    datetime(2026, 12, 14, 9, tzinfo=UTC),
)


class World:
    """The council: Lena leads CIT-01 and has never opened the bot; Bo, an admin, has (so the tenant's
    serviceUrl is known). Installing the app makes Teams open Lena's 1:1 chat with the bot."""

    def __init__(self, db: Database, fake: FakeGraph, connector: FakeConnector) -> None:
        self.db, self.fake, self.connector = db, fake, connector
        self.lena = fake.directory.add_user("Lena Lead", "lena.lead@council.example")
        self.bo = fake.directory.add_user("Bo Boss", "bo.boss@council.example")
        self.chats: list[str] = []
        fake.directory.on_install = self._opened

    def _opened(self, user: dict, chat_id: str) -> None:
        self.connector.add_conversation(chat_id)  # Teams creates the chat; the Connector now knows it
        self.chats.append(chat_id)

    async def seed(self, *, admin_chat: bool = True) -> None:
        async with self.db.unit_of_work() as s:
            lena = M.Person(email="lena.lead@council.example", name="")
            bo = M.Person(email="bo.boss@council.example", name="Bo Boss", aad_object_id=self.bo["id"])
            project = M.Project(ref="CIT-01", name="Digital inclusion")
            s.add_all([lena, bo, project])
            await s.flush()
            s.add_all(
                [
                    M.ProjectRole(project_id=project.id, person_id=lena.id, role="lead"),
                    M.StaffRole(person_id=bo.id, role="admin"),
                ]
            )
            if admin_chat:
                conversation = self.connector.open_personal_chat("29:bo")
                await people_repo.save_conversation_ref(
                    s,
                    person_id=bo.id,
                    reference={
                        "channelId": "msteams",
                        "serviceUrl": self.connector.url,
                        "bot": {"id": self.connector.bot_id},
                        "conversation": {
                            "id": conversation,
                            "conversationType": "personal",
                            "tenantId": self.connector.tenant_id,
                        },
                        "user": {"id": "29:bo", "aadObjectId": self.bo["id"], "name": "Bo Boss"},
                    },
                )
        ctx = AppContext(settings=settings_for(self.db.url), db=self.db, directory=directory_for(self.fake))
        try:
            await check_people(ctx, ctx.directory)  # links Lena to her object id, fills in her name
        finally:
            await ctx.close_directory()
        await cycles.open_period(self.db, WEEK, NOW, TZ, actor="test")

    def installs(self) -> int:
        return sum(1 for r in self.fake.requests if r.method == "POST" and r.path.endswith("/teamwork/installedApps"))

    async def lena_deliveries(self) -> list[M.PromptDelivery]:
        async with self.db.unit_of_work() as s:
            return list(
                (
                    await s.scalars(
                        select(M.PromptDelivery)
                        .join(M.Person, M.Person.id == M.PromptDelivery.person_id)
                        .where(M.Person.email == "lena.lead@council.example")
                    )
                ).all()
            )


@pytest.fixture
async def world(db):
    async with FakeGraph() as fake, FakeConnector(limits=RateLimits.unlimited(), strict=True) as connector:
        fake.directory.add_catalog_app(CATALOG_APP, external_id=BOT_APP_ID)
        yield World(db, fake, connector)


async def _send(world: World, *, reach: bool = True) -> prompts.SendReport:
    messenger = ProactiveMessenger(settings_for(world.db.url), base_delay=0.01)
    directory = directory_for(world.fake)
    try:
        return await prompts.send_pending(
            world.db,
            messenger,
            tz=TZ,
            now=lambda: NOW,
            reach=Reach(world.db, directory, CATALOG_APP) if reach else None,
        )
    finally:
        await directory.close()
        await messenger.close()


async def test_the_app_is_installed_and_the_prompt_delivered_in_the_same_run(world):
    await world.seed()
    report = await _send(world)
    [chat] = world.chats
    assert chat == f"19:{world.lena['id']}_{BOT_APP_ID}@unq.gbl.spaces"
    [prompt] = world.connector.sent_to(chat)
    assert "Digital inclusion" in prompt["text"] and prompt["attachments"][0]["contentType"].endswith("adaptive")
    [delivery] = await world.lena_deliveries()
    assert delivery.status == "sent" and report.sent == 1 and world.installs() == 1
    async with world.db.unit_of_work() as s:
        record = (
            await s.scalars(select(M.DirectoryPerson).where(M.DirectoryPerson.object_id == world.lena["id"]))
        ).one()
    assert record.install_status == "installed"
    # Next week the stored chat is used: no second install.
    await cycles.open_period(
        world.db,
        Period(
            "2026-W51",
            date(2026, 12, 14),
            datetime(2026, 12, 14, 9, tzinfo=UTC),
            datetime(2026, 12, 17, 17, tzinfo=UTC),
            datetime(2026, 12, 21, 9, tzinfo=UTC),
        ),
        NOW,
        TZ,
        actor="test",
    )
    await _send(world)
    assert len(world.connector.sent_to(chat)) == 2 and world.installs() == 1


async def test_when_the_chat_is_not_known_yet_teams_installation_update_brings_it_and_the_next_run_sends(world):
    await world.seed(admin_chat=False)  # no serviceUrl known in the tenant: the chat id alone is not enough
    first = await _send(world)
    [delivery] = await world.lena_deliveries()
    assert delivery.status == "failed" and delivery.last_error.startswith("transient: waiting:") and first.sent == 0
    [chat] = world.chats
    async with running_bot(world.db) as bot:  # Teams tells the bot it was installed, from Lena's new chat
        lena = {"id": "29:lena", "name": "Lena Lead", "aadObjectId": world.lena["id"]}
        status, _ = await bot.post(
            activities.installation_update(service_url=world.connector.url, sender=lena, conversation_id=chat)
        )
        assert status in (200, 201)
    await _send(world)
    [delivery] = await world.lena_deliveries()
    assert delivery.status == "sent"
    texts = [a.get("text") or "" for a in world.connector.sent_to(chat)]
    assert any("Digital inclusion" in t for t in texts) and world.installs() == 1


async def test_an_install_graph_refuses_is_recorded_and_admins_are_told(world):
    world.fake.directory.catalog.clear()  # TEAMS_APP_CATALOG_ID names no app in the tenant's catalogue
    await world.seed()
    await _send(world)
    [delivery] = await world.lena_deliveries()
    assert delivery.status == "unreachable" and "could not be installed" in delivery.last_error
    async with world.db.unit_of_work() as s:
        record = (
            await s.scalars(select(M.DirectoryPerson).where(M.DirectoryPerson.object_id == world.lena["id"]))
        ).one()
    assert record.install_status == "failed" and "catalogue" in record.install_error
    bo_chat = world.connector.personal_conversation_id("29:bo")
    told = " ".join(a.get("text") or "" for a in world.connector.sent_to(bo_chat))
    assert "couldn't reach these leads" in told and "Lena Lead" in told and "could not be installed" in told


async def test_reaching_everyone_is_off_unless_asked_for(world):
    await world.seed()
    assert reach_for(world.db, settings_for(world.db.url), directory_for(world.fake)) is None
    await _send(world, reach=False)
    [delivery] = await world.lena_deliveries()
    assert delivery.status == "unreachable" and world.installs() == 0
