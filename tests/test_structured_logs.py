"""Logs are JSON lines when not on a terminal, and every line a turn writes carries that turn's
correlation id, so one person's request can be followed through the log and told apart from others."""

from __future__ import annotations

import io
import json
import logging

import pytest

from infra.logs import configure
from services import alerts
from services.admin_notices import deliver_alerts
from services.files.plan_io import load_default_plan_if_empty
from tests.test_admin import ADMIN_EMAIL, chats


@pytest.fixture
def json_logs():
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    buffer = io.StringIO()  # not a terminal: JSON
    configure("INFO", stream=buffer)
    yield buffer
    root.handlers[:], level = saved
    root.setLevel(level)


def _lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


async def test_each_turn_logs_json_lines_with_its_own_correlation_id(db, json_logs):
    await load_default_plan_if_empty(db)
    async with chats(db) as (admin, _member):
        card = await admin.say("retire CAR-02")
        json_logs.truncate(0), json_logs.seek(0)
        await admin.press(card, "Confirm")
        await admin.press(card, "Confirm")
    pressed = [line for line in _lines(json_logs) if "confirm pressed" in line["msg"]]
    assert len(pressed) == 2
    assert all({"at", "level", "logger", "msg", "cid"} <= set(line) for line in pressed)
    assert pressed[0]["cid"] != pressed[1]["cid"] and "-" not in (pressed[0]["cid"], pressed[1]["cid"])
    assert all(ADMIN_EMAIL not in line["msg"] for line in _lines(json_logs))


async def test_alert_delivery_logs_under_its_own_correlation_id_and_never_the_message(db, json_logs):
    await alerts.raise_alert(db, "job-failed:x:2026-04-20", "Lead Priya Shah is unreachable.", "warning")
    async with chats(db) as (admin, _member):
        await deliver_alerts(admin.bot.context, None)
    lines = _lines(json_logs)
    raised = [line for line in lines if "admin alert raised" in line["msg"]]
    assert raised and all("Priya" not in line["msg"] for line in lines)
    delivering = [line for line in lines if line["logger"] == "dfbot.alerts" and "delivered" in line["msg"]]
    assert all(line["cid"].startswith("alerts-") for line in delivering)
