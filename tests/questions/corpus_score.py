"""Score question sets through the real endpoint: every question is POSTed to `/api/messages` of the real
aiohttp app (real CloudAdapter), the reply goes to the fake Bot Connector, and the answer is scored.

    python -m tests.questions.corpus_score tests/questions/corpus/shire/tuning.yaml tests/questions/corpus/vale/tuning.yaml
    python -m tests.questions.corpus_score --learned off PATH...      # the learned part of the engine switched off
    python -m tests.questions.corpus_score -v PATH...                 # every question not answered correctly, and why

A set next to a meta.yaml is a corpus set: its folder is loaded into a fresh SQLite database
(`corpus_load`). Any other set (tests/questions/question_set.yaml, holdout_set.yaml) is asked over the
fixture plan of tests/questions/fixture.py and scored the way `run_set` scores it. The verdict is made
from the reply the connector received (its text and card) and the structured facts of the same answer
(read as the bot hands the answer to the edge, `bot.home.ask`); questions with `excluded:` are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot import home
from services.ask import forget_vocabulary
from store.db import Database, upgrade_async
from store.models import Person, StaffRole
from tests import activities
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector, RateLimits
from tests.questions import corpus_expect, fixture, run_set
from tests.questions.corpus_load import ASKERS, load_corpus

TEAM = "19:corpus-team@thread.tacv2"


@dataclass
class Outcome:
    question: str
    verdict: str  # correct / not_sure / wrong
    why: str = ""
    reply: str = ""


@dataclass
class SetReport:
    path: Path
    outcomes: list[Outcome] = field(default_factory=list)
    excluded: int = 0
    seconds: float = 0.0

    @property
    def counts(self) -> Counter:
        return Counter(o.verdict for o in self.outcomes)

    def line(self) -> str:
        n, k = len(self.outcomes), self.counts
        pct = lambda x: 100 * x / n if n else 0.0  # noqa: E731
        return (
            f"{self.path}: {n} scored ({self.excluded} excluded): {k['correct']} correct ({pct(k['correct']):.1f}%), "
            f"{k['not_sure']} not sure ({pct(k['not_sure']):.1f}%), {k['wrong']} confident wrong"
        )

    def details(self) -> str:
        return "\n".join(
            f"{o.verdict.upper():8} {o.question!r}: {o.why}\n         reply: {o.reply[:300]!r}"
            for o in self.outcomes
            if o.verdict != "correct"
        )


def _viewer_of(name: str, viewers: dict) -> tuple[str, str]:
    """(asker role, conversation type) for a set's viewer."""
    v = viewers.get(name) or {}
    roles = v.get("staff_roles") or []
    role = "admin" if "admin" in roles else "dlg" if "dlg" in roles else "member"
    return role, v.get("conversation_type", "personal")


@contextlib.contextmanager
def _tap(answers: dict[str, list]):
    """See each answer the engine hands to the Teams edge (the reply itself still goes out as usual)."""
    real = home.ask

    async def tapped(*args, **kwargs):
        answer = await real(*args, **kwargs)
        answers.setdefault(kwargs.get("conversation_id") or "", []).append(answer)
        return answer

    home.ask = tapped
    try:
        yield
    finally:
        home.ask = real


def _reply_text(recorded) -> str:
    """The reply's text, or its card's text blocks when it is a card alone."""
    parts = []
    for r in recorded:
        act = r.activity
        parts.append(act.get("text") or "")
        if not act.get("text"):
            for att in act.get("attachments") or []:
                parts += _card_texts(att.get("content"))
    return "\n".join(p for p in parts if p)


def _card_texts(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "TextBlock" and isinstance(node.get("text"), str) else []
        return own + [t for v in node.values() for t in _card_texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _card_texts(v)]
    return []


def _command_kind(text: str) -> str:
    """What a reply from a command (not the question engine) was: the admin guard's refusal, or help."""
    lowered = text.lower()
    return "refused" if "only admins" in lowered or "only shared with" in lowered else "help"


async def _ask_all(db: Database, doc: dict, now, tz: str, report: SetReport, old_format: bool) -> None:
    answers: dict[str, list] = {}
    with _tap(answers):
        async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
            await _ask_each(bot, connector, doc, now, report, old_format, answers)


async def _ask_each(bot, connector, doc, now, report, old_format, answers) -> None:
    viewers = doc.get("viewers") or yaml.safe_load(run_set.QUESTION_SET.read_text(encoding="utf-8"))["viewers"]
    run = f"{time.time_ns():x}"
    seq = itertools.count(1)
    bot.context.clock = lambda: now
    for name, email, aad in ASKERS.values():
        connector.add_member(TEAM, id=f"29:{aad}", name=name, aad_object_id=aad, email=email)
    for item in doc["questions"]:
        if item.get("excluded") or (item.get("expect") or {}).get("excluded"):
            report.excluded += 1
            continue
        role, ctype = _viewer_of(item.get("viewer", "member"), viewers)
        name, email, aad = ASKERS[role]
        conv_key = item.get("conversation") or f"q{next(seq)}"
        conv_id = (
            f"19:corpus-{run}-{role}-{conv_key}@thread.tacv2"
            if ctype == "channel"
            else f"19:corpus-{run}-{role}-{conv_key}@thread.v2"
            if ctype == "groupChat"
            else f"a:corpus-{run}-{role}-{conv_key}"
        )
        before = len(connector.activities)
        activity = activities.message(
            item["q"],
            service_url=connector.url,
            sender=activities.user(1, name, aad) | {"id": f"29:{aad}"},
            conversation_id=conv_id,
            conversation_type=ctype,
            mention_bot=ctype != "personal",
            team_id=TEAM if ctype == "channel" else None,
        )
        status, _ = await bot.post(activity)
        replies = [r for r in connector.activities[before:] if r.conversation_id == conv_id]
        text = _reply_text(replies)
        answer = (answers.get(conv_id) or [None]).pop() if answers.get(conv_id) else None
        expect = item.get("expect") or {}
        if status >= 300 or answer is None:
            verdict, why = ("not_sure", f"HTTP {status}, no answer") if status < 500 else ("wrong", f"HTTP {status}")
            if answer is None and status < 300:  # a command, not a question: scored on what was shown
                kind = _command_kind(text)
                verdict, why = (
                    corpus_expect.score(expect, {"kind": kind}, text)
                    if not old_format
                    else run_set.score(expect, kind, {}, text, None)
                )
        elif old_format:
            verdict, why = run_set.score(expect, answer.kind, answer.data, answer.text, answer.card)
        else:
            verdict, why = corpus_expect.score(expect, answer.data, text or answer.text, answer.card)
        report.outcomes.append(Outcome(item["q"], verdict, why, text or (answer.text if answer else "")))
    await bot.context.drain()


async def _fixture_db(db: Database) -> None:
    await fixture.load(db)
    async with db.unit_of_work() as s:
        for role, (name, email, aad) in ASKERS.items():
            asker = Person(name=name, email=email, aad_object_id=aad, teams_user_id=f"29:{aad}")
            s.add(asker)
            await s.flush()
            if role != "member":
                s.add(StaffRole(person_id=asker.id, role=role))


async def score_file(path: Path, *, learned: bool | None = None, limit: int | None = None) -> SetReport:
    """Load the set's plan into a fresh SQLite database, ask every question over HTTP, score each.
    `learned` switches the learned intent model (QUESTIONS_LEARNED) for this run; `limit` asks the first N."""
    if learned is not None:
        previous = os.environ.get("QUESTIONS_LEARNED")
        os.environ["QUESTIONS_LEARNED"] = "true" if learned else "false"
        try:
            return await score_file(path, limit=limit)
        finally:
            if previous is None:
                os.environ.pop("QUESTIONS_LEARNED", None)
            else:
                os.environ["QUESTIONS_LEARNED"] = previous
    path = Path(path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if limit is not None:
        doc["questions"] = doc["questions"][:limit]
    report = SetReport(path)
    forget_vocabulary()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/corpus.sqlite3"
        await upgrade_async(url)
        db = Database(url)
        try:
            if (path.parent / "meta.yaml").exists():
                meta = await load_corpus(db, path.parent)
                await _ask_all(db, doc, meta.now, meta.timezone, report, old_format=False)
            else:
                await _fixture_db(db)
                await _ask_all(db, doc, fixture.NOW, fixture.TZ, report, old_format=True)
        finally:
            await db.dispose()
            forget_vocabulary()
    report.seconds = time.perf_counter() - started
    return report


async def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.questions.corpus_score", description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument(
        "--learned",
        choices=("on", "off"),
        default="on",
        help="the engine's learned part (intent model and spelling dictionary) on or off",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    os.environ["QUESTIONS_LEARNED"] = "true" if args.learned == "on" else "false"
    os.environ.setdefault("LOCAL_MODE", "true")
    reports = [await score_file(p) for p in args.paths]
    for r in reports:
        if args.verbose and r.details():
            print(r.details())
    print(f"learned part: {args.learned}")
    for r in reports:
        print(r.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(_main(sys.argv[1:])))
