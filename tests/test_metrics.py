"""`/metrics` for IT's monitoring (issue 22): Prometheus text format, what happened (turns, refusals,
sends, 429s, retries, scheduler runs) and what is (prompt queue, digest state, Graph sign-in,
credential expiry), and never a person, a conversation or a tenant in a label."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from prometheus_client.parser import text_string_to_metric_families

from bot.messenger import ProactiveMessenger, RateLimiter
from dfbot.scheduler import Scheduler
from infra import metrics
from programme.prompting import Outgoing, Target
from services import cycles
from services import digest as digest_service
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector, RateLimits
from tests.update_fixtures import EVERYONE, seed

ALEX = A.user(5, "Alex Wilber", aad="0c1d2e3f-0000-4000-8000-00000000a1e5")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the exposition, parsed by Prometheus' own parser (so the format is checked too)."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def scrape(bot) -> tuple[str, dict]:
    async with bot.http.get(bot.server.make_url("/metrics")) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = await response.text()
    return text, samples(text)


async def test_metrics_count_what_happened_and_show_what_is(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        await seed(db, connector)
        _, before = await scrape(bot)

        # a turn, and a refusal
        status, _ = await bot.post(A.message("help", service_url=connector.url, sender=ALEX, expect_replies=True))
        assert status == 200
        async with bot.http.post(
            bot.server.make_url("/api/messages"), data=b"{not json", headers={"Content-Type": "application/json"}
        ) as r:
            assert r.status == 400

        # a proactive send that meets one 429 first
        conversation = connector.open_personal_chat("29:someone")
        connector.fail_next(conversation, status=429, retry_after=1)
        messenger = ProactiveMessenger(
            bot.context.settings, limiter=RateLimiter(sleep=lambda _s: asyncio.sleep(0)), base_delay=0.01
        )
        try:
            reference = {
                "channelId": "msteams",
                "serviceUrl": connector.url,
                "bot": A.BOT,
                "conversation": {"id": conversation, "conversationType": "personal", "tenantId": A.TENANT},
            }
            sent = await messenger.send(Target(reference=reference, service_url=connector.url), Outgoing(text="Hello"))
            assert sent.ok and sent.throttled == 1
            # a cycle opened with its prompts still queued, a digest drafted, a scheduler pass
            now = datetime.now(UTC)
            opened = await cycles.open_now(db, now, "Europe/London", actor="test")
            assert opened.queued > 0
            await digest_service.ensure_draft(bot.context, opened.key)
            await Scheduler(bot.context, messenger, holder="metrics-test")._housekeeping()
        finally:
            await messenger.close()

        text, after = await scrape(bot)
        service_url = connector.url

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("dfbot_turns_total", kind="message") == 1
    assert delta("dfbot_turn_errors_total", kind="BadJson") == 1
    assert delta("dfbot_sends_total", outcome="sent") == 1
    assert delta("dfbot_throttled_total", service="teams") == 1
    assert delta("dfbot_retries_total", service="teams") == 1
    assert value(after, "dfbot_prompt_queue_depth") == opened.queued
    assert (
        value(after, "dfbot_digest_state", state="draft") == 1
        and value(after, "dfbot_digest_state", state="posted") == 0
    )
    assert value(after, "dfbot_graph_sign_in_state", state="none") == 1
    assert value(after, "dfbot_database_up") == 1
    for job in ("digest", "retention purge", "admin alert checks", "admin alert delivery"):
        assert value(after, "dfbot_scheduler_last_success_timestamp_seconds", job=job) >= now.timestamp() - 1

    # never personal data in labels: every label value is from a closed set, and nobody's ids appear
    closed = (
        metrics.TURN_KINDS
        | metrics.ERROR_KINDS
        | metrics.SEND_OUTCOMES
        | metrics.SERVICES
        | metrics.JOBS
        | metrics.CREDENTIALS
        | set(metrics.DIGEST_STATES)
        | set(metrics.SIGN_IN_STATES)
        | {"other"}
    )
    for (name, labels), _ in after.items():
        for key, label_value in labels:
            if name.startswith("dfbot_") and not name.startswith("dfbot_build"):
                assert label_value in closed, (name, key, label_value)
    for secret in (
        ALEX["id"],
        ALEX["aadObjectId"],
        ALEX["name"],
        A.TENANT,
        conversation,
        service_url,
        *(w.email for w in EVERYONE),
        *(w.name for w in EVERYONE),
        *(w.aad for w in EVERYONE),
    ):
        assert secret not in text


async def test_a_scrape_with_the_database_down_still_answers_and_says_so(db_url, tmp_path):
    from store.db import Database

    database = Database(f"sqlite+aiosqlite:///{tmp_path}/never-migrated.sqlite3")
    try:
        async with running_bot(database) as bot:
            _, found = await scrape(bot)
    finally:
        await database.dispose()
    assert value(found, "dfbot_database_up") == 0
