"""Retention: with the clock frozen, what is past its period goes, what is not stays, and the run is audited."""

from __future__ import annotations

import logging
import os
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from infra.config import Settings
from programme.retention import RetentionPolicy, cutoffs
from services.retention import purge, purge_if_due
from store import models as M

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def settings(tmp_path, **overrides) -> Settings:
    values = {"database_url": "sqlite://", "outbox_dir": tmp_path / "outbox", "export_dir": tmp_path / "exports"}
    values.update(overrides)
    return Settings(_env_file=None, **values)


async def count(db, model) -> int:
    async with db.unit_of_work() as s:
        return (await s.execute(select(func.count()).select_from(model))).scalar_one()


async def keys(db, column) -> list:
    async with db.unit_of_work() as s:
        return sorted((await s.execute(select(column))).scalars().all())


# ---------------------------------------------------------------------------- the policy, without I/O


def test_default_periods_are_the_documented_ones():
    cut = cutoffs(RetentionPolicy(), NOW)
    assert cut.processed_activities == ago(1) and cut.outbox_files == ago(90)
    assert cut.conversation_states == ago(90) and cut.export_files == ago(30)
    assert cut.unreachable_refs == ago(30) and cut.idle_refs == ago(365)
    assert cut.programme_record is None and cut.audit is None  # the programme is still running


def test_a_period_of_zero_switches_a_rule_off():
    assert cutoffs(RetentionPolicy(processed_activity_days=0, outbox_days=0), NOW).processed_activities is None


def test_the_programme_record_goes_only_after_the_end_date_plus_the_kept_years():
    ended = RetentionPolicy(programme_end=date(2020, 3, 31), record_years=6, audit_years=7)
    assert cutoffs(ended, datetime(2026, 3, 30, 23, 59, tzinfo=UTC)).programme_record is None
    assert cutoffs(ended, NOW).programme_record == NOW
    assert cutoffs(ended, NOW).audit is None  # seven years for the audit log: until 31 March 2027


def test_a_naive_clock_is_refused():
    with pytest.raises(ValueError):
        cutoffs(RetentionPolicy(), datetime(2026, 11, 25))


# ---------------------------------------------------------------------------- the purge, against the database


async def _seed(db):
    async with db.unit_of_work() as s:
        project = M.Project(ref="CIT-01", name="Digital Inclusion")
        lead = M.Person(name="Lee Lead", email="lead@council.example", aad_object_id="aad-lead", created_at=ago(900))
        gone = M.Person(name="Ona Gone", email="gone@council.example", aad_object_id="aad-gone", created_at=ago(900))
        recent = M.Person(name="Ria Recent", email="recent@council.example", created_at=ago(10))
        old_cycle = M.UpdateCycle(period_key="2025-W01", opens_at=ago(700), due_at=ago(697), closes_at=ago(693))
        open_cycle = M.UpdateCycle(period_key="2026-W48", opens_at=ago(2), due_at=ago(-1), closes_at=ago(-5))
        s.add_all([project, lead, gone, recent, old_cycle, open_cycle])
        await s.flush()
        s.add(M.ProjectRole(project_id=project.id, person_id=lead.id, role="lead"))
        s.add_all(
            [
                M.ProcessedActivity(key="old", kind="message", processed_at=ago(1.5)),
                M.ProcessedActivity(key="new", kind="invoke", processed_at=ago(0.5)),
            ]
        )
        s.add_all(
            [
                M.ConversationState(conversation_id="a:old", state={"x": 1}, updated_at=ago(91)),
                M.ConversationState(conversation_id="a:new", state={"x": 1}, updated_at=ago(89)),
            ]
        )
        ref = dict(service_url="http://x/", conversation_type="personal")
        s.add_all(
            [
                M.ConversationRef(
                    person_id=lead.id, user_id="29:lead", conversation_id="a:lead", updated_at=ago(800), **ref
                ),
                M.ConversationRef(
                    person_id=gone.id, user_id="29:gone", conversation_id="a:gone", updated_at=ago(400), **ref
                ),
                M.ConversationRef(
                    person_id=recent.id,
                    user_id="29:recent",
                    conversation_id="a:recent",
                    unreachable_reason="blocked",
                    updated_at=ago(31),
                    **ref,
                ),
                M.ConversationRef(
                    person_id=gone.id,
                    user_id="29:gone",
                    conversation_id="19:only-channel",
                    service_url="http://x/",
                    conversation_type="channel",
                    updated_at=ago(400),
                ),
                M.ConversationRef(
                    person_id=gone.id,
                    user_id="29:gone",
                    conversation_id="19:busy-channel",
                    service_url="http://x/",
                    conversation_type="channel",
                    updated_at=ago(400),
                ),
                M.ConversationRef(
                    person_id=lead.id,
                    user_id="29:lead",
                    conversation_id="19:busy-channel",
                    service_url="http://x/",
                    conversation_type="channel",
                    updated_at=ago(5),
                ),
            ]
        )
        s.add_all(
            [
                M.PromptDelivery(cycle_id=old_cycle.id, project_id=project.id, person_id=lead.id, created_at=ago(700)),
                M.PromptDelivery(cycle_id=open_cycle.id, project_id=project.id, person_id=lead.id, created_at=ago(2)),
            ]
        )
        s.add(
            M.StatusUpdate(
                project_id=project.id,
                cycle_id=old_cycle.id,
                submitted_at=ago(699),
                rag="green",
                submitted_by_id=lead.id,
                submitted_by_name="Lee Lead",
            )
        )
        s.add(M.Digest(period_key="2025-W01", created_at=ago(690)))
        s.add(M.AuditEntry(actor="import", action="create", entity="project", entity_key="CIT-01", at=ago(900)))


def _files(tmp_path):
    outbox, exports = tmp_path / "outbox", tmp_path / "exports"
    (outbox / "2025").mkdir(parents=True)
    exports.mkdir()
    made = {"outbox/2025/old.html": 91, "outbox/new.html": 89, "exports/old.json": 31, "exports/new.json": 29}
    for name, days in made.items():
        path = tmp_path / name
        path.write_text("<p>digest</p>")
        os.utime(path, (ago(days).timestamp(), ago(days).timestamp()))
    return outbox, exports


async def test_what_is_past_retention_goes_and_what_is_not_stays(db, tmp_path):
    await _seed(db)
    outbox, exports = _files(tmp_path)

    counts = await purge(db, settings(tmp_path), NOW)

    assert await keys(db, M.ProcessedActivity.key) == ["new"]
    assert await keys(db, M.ConversationState.conversation_id) == ["a:new"]
    # a lead's chat stays however old; a role-less person's goes; a blocked chat goes after 30 days;
    # a channel keeps at least one way in.
    assert await keys(db, M.ConversationRef.conversation_id) == ["19:busy-channel", "19:only-channel", "a:lead"]
    assert await count(db, M.PromptDelivery) == 1  # the open cycle's delivery stays: it prevents a resend
    assert await keys(db, M.Person.email) == ["gone@council.example", "lead@council.example", "recent@council.example"]
    left = sorted(p.relative_to(tmp_path).as_posix() for d in (outbox, exports) for p in d.rglob("*") if p.is_file())
    assert left == ["exports/new.json", "outbox/new.html"]
    assert counts == {
        "processed_activities": 1,
        "conversation_states": 1,
        "unreachable_conversation_refs": 1,
        "idle_conversation_refs": 2,
        "prompt_deliveries": 1,
        "card_messages": 0,
        "decision_notices": 0,
        "inactive_people": 0,
        "outbox_files": 1,
        "export_files": 1,
    }
    assert await count(db, M.StatusUpdate) == 1 and await count(db, M.Digest) == 1  # the programme is running


async def test_someone_the_bot_holds_nothing_else_about_is_deleted_once_their_last_chat_goes(db, tmp_path):
    await _seed(db)
    async with db.unit_of_work() as s:
        gone = (await s.execute(select(M.Person).where(M.Person.email == "gone@council.example"))).scalar_one()
        s.add(
            M.ConversationRef(
                person_id=None,
                user_id="29:other",
                conversation_id="19:only-channel",
                service_url="http://x/",
                conversation_type="channel",
                updated_at=ago(1),
            )
        )
    await purge(db, settings(tmp_path), NOW)
    assert "gone@council.example" not in await keys(db, M.Person.email)
    async with db.unit_of_work() as s:
        assert await s.get(M.Person, gone.id) is None


async def test_the_run_is_audited_and_logged_as_counts_only(db, tmp_path, caplog):
    await _seed(db)
    caplog.set_level(logging.INFO, logger="dfbot.retention")
    counts = await purge(db, settings(tmp_path), NOW)
    async with db.unit_of_work() as s:
        entry = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "retention_purge"))).scalar_one()
    assert entry.after == {"removed": counts} and entry.at == NOW and entry.actor == "system:retention"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "processed_activities=1" in logged
    assert "@" not in logged and "Ona" not in logged and "a:gone" not in logged


async def test_a_second_run_finds_nothing_more(db, tmp_path):
    await _seed(db)
    _files(tmp_path)
    await purge(db, settings(tmp_path), NOW)
    again = await purge(db, settings(tmp_path), NOW)
    assert set(again.values()) == {0}


async def test_a_dry_run_counts_but_deletes_nothing(db, tmp_path):
    await _seed(db)
    _files(tmp_path)
    counts = await purge(db, settings(tmp_path), NOW, dry_run=True)
    assert counts["processed_activities"] == 1 and counts["outbox_files"] == 1
    assert await count(db, M.ProcessedActivity) == 2 and (tmp_path / "outbox/2025/old.html").exists()
    assert await count(db, M.AuditEntry) == 1  # only the seeded entry: a dry run leaves no trace


async def test_after_the_programme_and_its_kept_years_the_record_goes(db, tmp_path):
    await _seed(db)
    counts = await purge(db, settings(tmp_path, programme_end_date=date(2020, 3, 31)), NOW)
    assert await count(db, M.StatusUpdate) == 0 and await count(db, M.Digest) == 0
    assert await count(db, M.PromptDelivery) == 0
    assert await keys(db, M.AuditEntry.action) == ["retention_purge"]  # only the record of this run
    assert counts["status_updates"] == 1 and counts["audit_entries"] == 1


async def test_rules_set_to_zero_keep_everything(db, tmp_path):
    await _seed(db)
    _files(tmp_path)
    off = {f: 0 for f in Settings.model_fields if f.startswith("retention_") and f.endswith("_days")}
    counts = await purge(db, settings(tmp_path, **off), NOW)
    assert set(counts.values()) == {0}
    assert await count(db, M.ProcessedActivity) == 2


def test_settings_refuse_a_negative_period_and_read_a_blank_end_date_as_running(monkeypatch):
    monkeypatch.setenv("PROGRAMME_END_DATE", "")
    assert Settings(_env_file=None).programme_end_date is None
    with pytest.raises(ValueError):
        Settings(_env_file=None, retention_outbox_days=-1)


async def test_the_scheduler_purges_once_a_day(db, tmp_path):
    await _seed(db)
    first = await purge_if_due(db, settings(tmp_path), NOW)
    assert first is not None and first["processed_activities"] == 1
    assert await purge_if_due(db, settings(tmp_path), NOW + timedelta(hours=5)) is None
    assert await purge_if_due(db, settings(tmp_path), NOW + timedelta(days=1)) is not None


async def test_what_the_directory_said_about_someone_does_not_keep_them_and_goes_with_them(db, tmp_path):
    """A directory record and a leaver card only describe the person: once the bot holds nothing else
    about them, they are deleted with the person (not kept for ever because they exist)."""
    await _seed(db)
    async with db.unit_of_work() as s:
        gone = (await s.execute(select(M.Person).where(M.Person.email == "gone@council.example"))).scalar_one()
        s.add(
            M.ConversationRef(
                person_id=None,
                user_id="29:other",
                conversation_id="19:only-channel",
                service_url="http://x/",
                conversation_type="channel",
                updated_at=ago(1),
            )
        )
        s.add(M.DirectoryPerson(person_id=gone.id, object_id="oid-gone", status="disabled", checked_at=ago(400)))
        s.add(M.LeaverNotice(person_id=gone.id, subject="staff:dlg", role="dlg", status="sent", created_at=ago(400)))
    await purge(db, settings(tmp_path), NOW)
    assert "gone@council.example" not in await keys(db, M.Person.email)
    assert await count(db, M.DirectoryPerson) == 0 and await count(db, M.LeaverNotice) == 0
