"""The scheduler's part: a digest is composed once the cycle is due plus its grace; with approval on
it waits for an admin (who is told, then reminded once); with approval off it posts itself."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services import digest as service
from services.context import AppContext
from services.digest_transports import Transports
from store import digest_repo
from store.cycle_repo import put_setting
from tests.botserver import settings_for
from tests.digest_fixtures import seed


class Admins:
    """Stands in for Teams: what admins were told."""

    def __init__(self) -> None:
        self.told: list[tuple[str, dict | None]] = []

    async def notify_admins(self, text: str, card: dict | None = None) -> int:
        self.told.append((text, card))
        return 1


@pytest.fixture
async def setup(db, tmp_path):
    seeded = await seed(db, projects=6, cycles=3)
    clock = {"now": seeded.current.due_at + timedelta(minutes=30)}
    ctx = AppContext(settings_for(db.url, outbox_dir=tmp_path / "outbox"), db, lambda: clock["now"])
    admins = Admins()
    transports = Transports(ctx)
    yield ctx, clock, admins, service.Poster(ctx, transports, admins), seeded, tmp_path / "outbox"
    await transports.aclose()


async def test_a_draft_waits_for_an_admin_who_is_told_once_and_reminded_once(setup):
    ctx, clock, admins, poster, seeded, outbox = setup
    assert (await service.tick(ctx, poster))["composed"] == []  # due, but still within the grace period
    clock["now"] += timedelta(hours=2)
    report = await service.tick(ctx, poster)
    assert report["composed"] == [seeded.current.key]
    [(text, card)] = admins.told
    assert "ready" in text and any(a["title"] == "Approve and post" for a in card["actions"])
    await service.tick(ctx, poster)
    assert len(admins.told) == 1
    clock["now"] += timedelta(hours=25)
    assert (await service.tick(ctx, poster))["reminded"] == [seeded.current.key]
    assert (await service.tick(ctx, poster))["reminded"] == []
    assert [t for t, _ in admins.told][1].startswith("Reminder")
    assert not outbox.exists()  # nothing posted without approval


async def test_with_approval_off_the_digest_posts_itself_after_the_grace_period(setup):
    ctx, clock, admins, poster, seeded, outbox = setup
    async with ctx.db.unit_of_work() as s:
        await put_setting(s, "digest", {"approval_required": False, "grace_hours": 1}, actor="test")
    clock["now"] += timedelta(hours=1)
    report = await service.tick(ctx, poster)
    assert report["composed"] == [seeded.current.key] and report["posted"] == ["posted"]
    assert (outbox / f"digest-{seeded.current.key}.html").exists()
    assert admins.told == []
    await service.tick(ctx, poster)
    async with ctx.db.unit_of_work() as s:
        assert (await digest_repo.get(s, seeded.current.key)).attempts == 1


async def test_an_early_preview_does_not_post_before_the_cycle_is_due_even_with_approval_off(setup):
    ctx, clock, admins, poster, seeded, outbox = setup
    async with ctx.db.unit_of_work() as s:
        await put_setting(s, "digest", {"approval_required": False}, actor="test")
    clock["now"] = seeded.current.opens_at + timedelta(days=1)  # an admin looks early
    view = await service.ensure_draft(ctx, seeded.current.key, actor="admin preview")
    assert view.status == "draft"
    await service.tick(ctx, poster)
    assert not outbox.exists()
    clock["now"] = seeded.current.due_at + timedelta(hours=3)
    assert (await service.tick(ctx, poster))["posted"] == ["posted"]
