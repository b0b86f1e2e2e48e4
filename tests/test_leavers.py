"""The admins' leaver cards say the right thing for a lead, a deputy and an admin, escape what people
typed, and their "Assign them" box refuses bad or forged input without changing anything."""

from __future__ import annotations

from sqlalchemy import func, select

from programme.access import Viewer
from services.leavers import leaver_message, propose_assignment
from store import models as M

ADMIN = Viewer(person_id=1, name="Bo Boss", email="bo@council.example", staff_roles=frozenset({"admin"}))
MEMBER = Viewer(person_id=2, name="Sam Member", email="sam@council.example")


def facts(role: str, *, others=(), project=True, name="Priya Sharma") -> dict:
    return {
        "person_id": 7,
        "name": name,
        "email": "priya@council.example",
        "role": role,
        "status": "deleted",
        "project": {"ref": "CIT-01", "name": "Digital inclusion", "status": "active"} if project else None,
        "others": list(others),
    }


def titles(card: dict) -> list[str]:
    return [a["title"] for a in card.get("actions", [])]


def test_a_lead_with_a_deputy_gets_make_deputy_lead_assign_and_pause():
    card = leaver_message(
        facts(
            "lead",
            others=[{"role": "deputy", "person_id": 9, "name": "Sam Jones", "email": "sam.jones@council.example"}],
        )
    ).card
    assert titles(card) == ["Make Sam Jones the lead", "Assign them", "Pause the project"]
    make = card["actions"][0]["data"]["change"]
    assert make == {
        "op": "hand_over",
        "former": 7,
        "ref": "CIT-01",
        "role": "lead",
        "email": "sam.jones@council.example",
    }
    assert "their account was deleted" in card["body"][1]["text"]
    assert any(b.get("type") == "Input.Text" and b.get("label") for b in card["body"])  # every input has a label


def test_a_deputy_is_taken_off_or_replaced_and_an_admin_loses_the_role():
    deputy = leaver_message(facts("deputy")).card
    assert titles(deputy) == ["Take them off the project", "Assign them"]
    assert "They were a deputy of" in deputy["body"][1]["text"]
    admin = leaver_message(facts("admin", project=False)).card
    assert titles(admin) == ["Remove their admin role"]
    assert admin["actions"][0]["data"]["change"] == {
        "op": "revoke_staff",
        "role": "admin",
        "email": "priya@council.example",
    }
    assert not any(b.get("type") == "Input.Text" for b in admin["body"])


def test_names_are_escaped_on_the_card():
    card = leaver_message(facts("lead", name="<at>Everyone</at> **Boss**")).card
    text = card["body"][1]["text"]
    assert "<at>" not in text and "**Boss**" not in text


async def _people(db) -> int:
    async with db.unit_of_work() as s:
        return (await s.execute(select(func.count()).select_from(M.ProjectRole))).scalar_one()


async def test_the_assign_box_refuses_empty_bad_and_forged_input_and_members(db):
    change = {"op": "hand_over", "former": 7, "ref": "CIT-01", "role": "lead"}
    empty = await propose_assignment(db, ADMIN, {"change": change, "who": "  "}, [])
    assert "Type their work email in the box first" in empty.text
    bad = await propose_assignment(db, ADMIN, {"change": change, "who": "priya@"}, [])
    assert "is not an email address I can use" in bad.text and "Nothing was changed" in bad.text
    forged = await propose_assignment(
        db, ADMIN, {"change": {**change, "op": "add_project"}, "who": "x@council.example"}, []
    )
    assert "doesn't carry a change" in forged.text
    member = await propose_assignment(db, MEMBER, {"change": change, "who": "x@council.example"}, [])
    assert "Only programme office admins" in member.text
    assert await _people(db) == 0  # nothing was changed
