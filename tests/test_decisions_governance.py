"""The DLG's decisions are programme records: kept and purged as updates, in the FOI export, in a subject
access export, and kept on erasure with the recorder named by role."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from services.foi import export_updates
from services.retention import purge
from services.subject_access import export_person, forget_person
from store.models import Ask, AskDecision, DecisionNotice
from tests.botserver import settings_for
from tests.decision_fixtures import Board, card_of, decide, record_data
from tests.update_fixtures import JO, PRIYA, SAM, texts


async def _decided(b: Board, note: str = "Go ahead, Priya Shah to report back") -> None:
    await b.open_cycle()
    await b.submit(PRIYA, "DC01", 'Approve the £20k for portal hosting\n=HYPERLINK("http://evil.example","x")')
    [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
    await b.press(JO, decide({**record_data(listing, "portal"), "verb": "decision.record"}, "approved", note))
    await b.ctx.drain()


async def test_decisions_are_in_the_foi_export_without_names_unless_asked_and_formula_safe(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await _decided(b)
        result = await export_updates(db, date(2026, 11, 1), tmp_path / "u.csv", now=b.now, actor="cli:test")
        with result.decisions_path.open(encoding="utf-8") as f:
            [row] = list(csv.DictReader(f))
        assert row["ask"] == "Approve the £20k for portal hosting" and row["decision"] == "Approved"
        assert row["note"] == "Go ahead, [name removed] to report back" and "recorded_by" not in row
        named = await export_updates(
            db, date(2026, 11, 1), tmp_path / "n.xlsx", now=b.now, actor="cli:test", with_names=True
        )
        sheet = load_workbook(named.path)["decisions"]
        header = [c.value for c in sheet[1]]
        assert header == [
            "project_ref",
            "project_name",
            "raised_on",
            "ask",
            "decision",
            "decided_on",
            "note",
            "recorded_by",
        ]
        assert sheet.cell(2, 8).value == JO.name and named.decisions == 1


async def test_erasure_keeps_the_decision_and_names_the_recorder_by_role(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await _decided(b)
        export = await export_person(db, JO.email, tmp_path / "sar", now=b.now, actor="cli:test")
        assert export.counts["decisions_recorded"] == 1
        assert (await export_person(db, SAM.email, tmp_path / "sar", now=b.now, actor="cli:test")).counts[
            "decision_notices"
        ] == 1

        report = await forget_person(db, JO.email, now=b.now, actor="cli:test")
        assert report.decisions_reattributed == 1
        async with db.unit_of_work() as s:
            ask = (await s.execute(select(Ask).where(Ask.status != "open"))).scalar_one()
            decision = (await s.execute(select(AskDecision))).scalar_one()
        assert (ask.status, ask.decided_by_name, ask.decided_by_id, ask.decided_by_role) == (
            "approved",
            "",
            None,
            "dlg",
        )
        assert decision.decided_by_name == "" and decision.note.startswith("Go ahead")
        b.advance(days=7)
        await b.open_cycle()
        assert "recorded by a DLG member" in texts(b.prompt(PRIYA, "DC01"))
        assert JO.name not in texts(b.prompt(PRIYA, "DC01"))


async def test_decisions_go_with_the_programmes_record_and_notices_with_prompt_records(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await _decided(b)
        later = b.now + timedelta(days=400)
        running = await purge(db, settings_for(db.url, outbox_dir=tmp_path / "o", export_dir=tmp_path / "e"), later)
        assert running["decision_notices"] == 2 and running.get("asks", 0) == 0
        async with db.unit_of_work() as s:
            assert len((await s.execute(select(Ask))).scalars().all()) == 2  # the programme is running
            assert (await s.execute(select(DecisionNotice))).first() is None
        ended = settings_for(
            db.url,
            outbox_dir=tmp_path / "o",
            export_dir=tmp_path / "e",
            programme_end_date=b.now.date() - timedelta(days=1),
            retention_record_years=1,
        )
        gone = await purge(db, ended, b.now + timedelta(days=400))
        assert gone["asks"] == 2
        async with db.unit_of_work() as s:
            assert (await s.execute(select(Ask))).first() is None and (
                await s.execute(select(AskDecision))
            ).first() is None
