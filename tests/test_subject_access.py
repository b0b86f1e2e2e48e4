"""Subject access and erasure: a person asks what is held about them, then asks to be forgotten."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from services.subject_access import PersonNotFound, export_person, forget_person
from store import models as M
from tests.governance_fixtures import (
    NOW,
    SAM_EMAIL,
    SAM_NAME,
    SCRIPT,
    SENSITIVE_RISK,
    ZOE_AAD,
    ZOE_CHAT,
    ZOE_EMAIL,
    ZOE_NAME,
    ZOE_TEAMS,
    every_stored_text,
    leaks,
    seed,
)


async def test_a_subject_access_export_holds_everything_about_the_person_and_nothing_executes(db, tmp_path):
    outbox = tmp_path / "outbox"
    seeded = await seed(db, outbox)
    result = await export_person(db, ZOE_EMAIL.upper(), tmp_path / "exports", now=NOW, actor="cli:test", files=[outbox])
    held = json.loads(result.json_path.read_text(encoding="utf-8"))["held"]

    assert held["person"]["email"] == ZOE_EMAIL and held["person"]["aad_object_id"] == ZOE_AAD
    assert held["staff_roles"] == ["dlg"]
    assert held["project_roles"] == [{"project_ref": "CIT-01", "project_name": "Digital Inclusion", "role": "lead"}]
    assert {r["conversation_id"] for r in held["conversation_refs"]} == {ZOE_CHAT, "19:dlg-channel@thread.tacv2"}
    assert held["conversation_states"][0]["state"]["last_project"] == "CIT-01"
    [update] = held["updates_submitted"]
    assert update["cycle"] == "2026-W47" and SENSITIVE_RISK in json.dumps(update["risks"])  # her own words
    assert [d["status"] for d in held["prompt_deliveries"]] == ["sent"]
    audit_keys = {(a["action"], a["entity_key"]) for a in held["audit_entries"]}
    assert ("submit", "CIT-01 2026-W47 v1") in audit_keys and ("create", "CIT-01") in audit_keys
    assert ("submit", "CAR-02 2026-W47 v1") not in audit_keys  # Sam's own entry is not hers
    places = {(m["table"], m["column"]) for m in held["other_mentions"]}
    assert ("status_updates", "summary") in places and ("digests", "content") in places
    assert ("digests", "approved_by") in places
    assert [f["path"].endswith("digest-2026-W47.html") for f in held["files"]] == [True]

    page = result.html_path.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in page and "<title>" in page and "<h1>" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert "O&#x27;Brien" in page  # escaped, and still readable
    assert seeded.zoe_id == result.person_id


async def test_an_export_is_audited_without_copying_the_person_into_the_log(db, tmp_path):
    seeded = await seed(db)
    await export_person(db, ZOE_EMAIL, tmp_path, now=NOW, actor="cli:test", reference="SAR-2026-014")
    async with db.unit_of_work() as s:
        entry = (
            await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "subject_access_export"))
        ).scalar_one()
    assert entry.entity_key == str(seeded.zoe_id) and entry.after["reference"] == "SAR-2026-014"
    assert entry.at == NOW
    assert not leaks([("audit_log", "after", json.dumps(entry.after)), ("audit_log", "actor", entry.actor)])


async def test_asking_about_someone_unknown_changes_nothing(db, tmp_path):
    await seed(db)
    before = await every_stored_text(db)
    with pytest.raises(PersonNotFound):
        await export_person(db, "nobody@council.example", tmp_path / "out", now=NOW, actor="cli:test")
    with pytest.raises(PersonNotFound):
        await forget_person(db, "nobody@council.example", now=NOW, actor="cli:test")
    assert not (tmp_path / "out").exists() and await every_stored_text(db) == before


async def test_after_forget_no_table_and_no_outbox_file_holds_her_name_email_or_ids(db, tmp_path):
    outbox = tmp_path / "outbox"
    await seed(db, outbox)
    await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test", files=[outbox])

    assert leaks(await every_stored_text(db)) == []
    page = (outbox / "digest-2026-W47.html").read_text(encoding="utf-8")
    assert leaks([("file", "", page)]) == []
    assert SAM_NAME in page  # only she was removed from the page


async def test_after_forget_her_updates_stay_attributed_to_her_former_role(db, tmp_path):
    seeded = await seed(db)
    report = await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test", reference="ERA-7")
    async with db.unit_of_work() as s:
        update = await s.get(M.StatusUpdate, seeded.zoe_update_id)
        sam_update = await s.get(M.StatusUpdate, seeded.sam_update_id)
        person = await s.get(M.Person, seeded.zoe_id)
        refs = (await s.execute(select(M.ConversationRef.user_name))).scalars().all()
        state = await s.get(M.ConversationState, ZOE_CHAT)
        roles = (await s.execute(select(M.ProjectRole.person_id))).scalars().all()
        staff = (await s.execute(select(M.StaffRole))).scalars().all()
        deliveries = (await s.execute(select(M.PromptDelivery))).scalars().all()
        forgot = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "forget"))).scalar_one()

    assert update.submitted_by_name == "former lead of Digital Inclusion" and update.submitted_by_id is None
    assert update.summary.startswith("Hubs open in 3 libraries") and update.rag == "amber"
    assert (
        sam_update.summary
        == f"Waiting on [forgotten person #{seeded.zoe_id}] ([forgotten person #{seeded.zoe_id}]) to sign off the shared kit list."
    )
    assert (person.name, person.email, person.aad_object_id, person.teams_user_id) == ("", None, None, None)
    assert person.forgotten_at == NOW
    assert refs == [SAM_NAME] and state is None
    assert roles == [seeded.sam_id] and staff == []
    assert len(deliveries) == 1  # the record that a prompt was sent stays, pointing at the anonymous row
    assert report.project_roles_removed == ["CIT-01"] and report.updates_reattributed == 1
    assert forgot.entity_key == str(seeded.zoe_id) and forgot.after["reference"] == "ERA-7"
    assert forgot.after["removed"]["conversation_refs_deleted"] == 2


async def test_forgetting_one_person_leaves_everyone_else_untouched(db):
    seeded = await seed(db)
    before = [t for t in await every_stored_text(db) if not leaks([t])]
    await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test")
    after = await every_stored_text(db)
    missing = {t for t in before if t not in after}
    # Only rows that were hers went (her chat, its memory, her roles and delegation); nothing else changed.
    assert {table for table, _, _ in missing} <= {
        "conversation_states",
        "conversation_refs",
        "staff_roles",
        "project_roles",
        "delegations",
    }
    assert ("conversation_refs", "user_id", "29:sam") not in missing
    async with db.unit_of_work() as s:
        sam = await s.get(M.Person, seeded.sam_id)
    assert (sam.name, sam.email) == (SAM_NAME, SAM_EMAIL)


async def test_a_forgotten_person_cannot_be_found_or_forgotten_again(db):
    await seed(db)
    await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test")
    with pytest.raises(PersonNotFound):
        await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test")


async def test_a_deputy_is_remembered_as_a_former_deputy(db):
    seeded = await seed(db)
    async with db.unit_of_work() as s:
        role = (await s.execute(select(M.ProjectRole).where(M.ProjectRole.person_id == seeded.zoe_id))).scalar_one()
        role.role = "deputy"
    await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test")
    async with db.unit_of_work() as s:
        update = await s.get(M.StatusUpdate, seeded.zoe_update_id)
    assert update.submitted_by_name == "former deputy lead of Digital Inclusion"


async def test_her_teams_ids_in_the_forget_audit_entry_are_not_stored(db):
    await seed(db)
    await forget_person(db, ZOE_EMAIL, now=NOW, actor="cli:test")
    async with db.unit_of_work() as s:
        entries = (await s.execute(select(M.AuditEntry))).scalars().all()
    texts = [
        ("audit_log", "row", json.dumps([e.actor, e.entity_key, e.before, e.after], ensure_ascii=False))
        for e in entries
    ]
    assert leaks(texts, (ZOE_NAME, ZOE_EMAIL, ZOE_AAD, ZOE_TEAMS)) == []
