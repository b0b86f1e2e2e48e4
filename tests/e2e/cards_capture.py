"""Every Adaptive Card the fake Bot Connector received during a pytest run, written out for the
official renderer (tests/e2e/validate_cards.mjs, run by tests/e2e/run.sh).

The unit and integration tests drive the real bot against `tests/fakes/connector.py`, which records
every activity it accepts in `RECORDED` (with the test that caused it); cards the bot gives in an invoke's
own response (message extension results, unfurled links) never pass the connector, so the tests that
receive them call `record_invoke_response`. At the end of the session `tests/conftest.py` calls `dump()`,
which writes each distinct card once:

    tests/e2e/artifacts/cards/pytest-<sha256[:12]>.json   {"source": {...}, "attachments": [attachment]}
    tests/e2e/artifacts/cards/capture-pytest.json        what was written, when, from how many tests

`source` names the tests that sent the card (up to five) and the method (POST = sent, PUT = a card
updated in place, INVOKE = the bot's answer to an Action.Execute or a refresh, recorded by
tests/botserver.py since it never reaches the connector). Earlier `pytest-*` files are removed first, so the folder always matches the last
run. The folder can be moved with E2E_CARDS_DIR.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
DEFAULT_DIR = Path(__file__).resolve().parent / "artifacts" / "cards"
MAX_SOURCES = 5


def cards_dir() -> Path:
    return Path(os.environ.get("E2E_CARDS_DIR") or DEFAULT_DIR)


def _test_name(current: str) -> str:
    """PYTEST_CURRENT_TEST is "path::test[param] (call)": keep the test id."""
    return current.rsplit(" (", 1)[0] if current else "(outside a test)"


def _cards_of(activity: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for attachment in activity.get("attachments") or []:
        if not isinstance(attachment, dict) or attachment.get("contentType") != ADAPTIVE_CARD:
            continue
        content = attachment.get("content")
        if isinstance(content, str):  # some senders serialise the card; the renderer wants the object
            try:
                content = json.loads(content)
            except ValueError:
                pass
        yield {"contentType": ADAPTIVE_CARD, "content": content}


def dump(
    recorded: Iterable[tuple[str, Any]], out: Path | None = None, *, exitstatus: int | None = None
) -> dict[str, Any]:
    """Write the distinct cards of `recorded` ((test, RecordedActivity) pairs); returns the summary."""
    out = out or cards_dir()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("pytest-*.json"):
        old.unlink()
    found: dict[str, dict[str, Any]] = {}
    activities = 0
    tests: set[str] = set()
    for current, record in recorded:
        activity = getattr(record, "activity", None)
        if not isinstance(activity, dict):
            continue
        cards = list(_cards_of(activity))
        if not cards:
            continue
        activities += 1
        test = _test_name(current)
        tests.add(test)
        for attachment in cards:
            key = hashlib.sha256(
                json.dumps(attachment["content"], sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()[:12]
            entry = found.setdefault(
                key, {"source": {"tests": [], "methods": [], "count": 0}, "attachments": [attachment]}
            )
            source = entry["source"]
            source["count"] += 1
            if test not in source["tests"] and len(source["tests"]) < MAX_SOURCES:
                source["tests"].append(test)
            method = getattr(record, "method", "")
            if method and method not in source["methods"]:
                source["methods"].append(method)
    for key, entry in sorted(found.items()):
        (out / f"pytest-{key}.json").write_text(
            json.dumps(entry, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    summary = {
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exitstatus": exitstatus,
        "activities_with_cards": activities,
        "distinct_cards": len(found),
        "tests_with_cards": len(tests),
        "directory": str(out),
    }
    (out / "capture-pytest.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


@dataclass
class _Answered:
    """Cards the bot gave in an invoke's own response (message extension results, unfurled links):
    they never pass the Bot Connector, so the tests that receive them record them here."""

    activity: dict[str, Any]
    method: str = "INVOKE"


INVOKE_RESPONSES: list[tuple[str, _Answered]] = []


def record_invoke_response(body: Any) -> None:
    """Keep the Adaptive Cards of a `composeExtension` (or `adaptiveCard/action`) invoke response."""
    if not isinstance(body, dict):
        return
    found = (
        body.get("composeExtension", {}).get("attachments") if isinstance(body.get("composeExtension"), dict) else None
    )
    if found is None and body.get("type") == ADAPTIVE_CARD:
        found = [{"contentType": ADAPTIVE_CARD, "content": body.get("value")}]
    if found:
        INVOKE_RESPONSES.append((os.environ.get("PYTEST_CURRENT_TEST", ""), _Answered({"attachments": list(found)})))


def dump_session(session: Any, exitstatus: int | None = None) -> dict[str, Any] | None:
    """The pytest session-finish hook's work: nothing on xdist workers or when no fake ever ran."""
    if hasattr(session.config, "workerinput"):
        return None
    try:
        from tests.fakes.connector import RECORDED
    except ImportError:
        return None
    if not RECORDED and not INVOKE_RESPONSES:
        return None
    return dump([*RECORDED, *INVOKE_RESPONSES], exitstatus=exitstatus)
