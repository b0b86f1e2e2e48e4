"""Who sees what (programme/access.py): members, leads, admins and the DLG, in 1:1 chats, channels and group chats."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programme.access import (
    ANONYMOUS,
    PUBLIC_CHANNEL,
    Viewer,
    may_administer,
    may_see_missing_updates,
    may_see_sensitive,
    may_update_project,
    visible_risks,
)
from programme.foi import publishable

MEMBER = Viewer(person_id=1, name="Mo Member")
LEAD = Viewer(person_id=2, name="Lee Lead", lead_of=frozenset({10}))
ADMIN = Viewer(person_id=3, name="Ada Admin", staff_roles=frozenset({"admin"}))
DLG = Viewer(person_id=4, name="Dee DLG", staff_roles=frozenset({"dlg"}))
SCOPES = ("personal", "channel", "groupChat")

RISKS = [
    {"text": "Volunteer recruitment is slow", "sensitive": False},
    {"text": "Unpatched firewall on the care portal", "sensitive": True},
    {"text": "Supplier may withdraw", "sensitive": True},
]


@pytest.mark.parametrize("viewer,expected", [(MEMBER, False), (LEAD, False), (ADMIN, True), (DLG, True)])
def test_only_admins_and_the_dlg_see_sensitive_items_in_a_one_to_one_chat(viewer, expected):
    assert may_see_sensitive(viewer) is expected
    assert may_see_missing_updates(viewer) is expected


@pytest.mark.parametrize("scope", ["channel", "groupChat"])
@pytest.mark.parametrize("viewer", [MEMBER, LEAD, ADMIN, DLG])
def test_nobody_sees_sensitive_items_or_who_has_not_updated_where_others_can_read(viewer, scope):
    there = viewer.in_scope(scope)
    assert not may_see_sensitive(there) and not may_see_missing_updates(there)
    shown, hidden = visible_risks(RISKS, there)
    assert [r["text"] for r in shown] == ["Volunteer recruitment is slow"] and hidden == 2


def test_an_unknown_conversation_type_is_treated_as_public():
    assert not may_see_sensitive(ADMIN.in_scope("meeting"))


def test_moving_scope_keeps_who_the_viewer_is():
    there = DLG.in_scope("channel")
    assert (there.person_id, there.staff_roles, there.conversation_type) == (4, frozenset({"dlg"}), "channel")
    assert DLG.conversation_type == "personal"  # the original is unchanged


@pytest.mark.parametrize("viewer", [ADMIN, DLG])
def test_admins_and_the_dlg_see_every_risk_privately_with_none_held_back(viewer):
    assert visible_risks(RISKS, viewer) == (RISKS, 0)


def test_members_see_open_risks_and_are_told_how_many_were_held_back():
    shown, hidden = visible_risks(RISKS, MEMBER)
    assert shown == [RISKS[0]] and hidden == 2


def test_no_risks_is_nothing_shown_and_nothing_hidden():
    assert visible_risks(None, MEMBER) == ([], 0)
    assert visible_risks([], ADMIN) == ([], 0)


def test_the_anonymous_and_public_viewers_see_nothing_sensitive():
    assert not may_see_sensitive(ANONYMOUS) and not may_see_sensitive(PUBLIC_CHANNEL)
    assert visible_risks(RISKS, PUBLIC_CHANNEL)[1] == 2


@pytest.mark.parametrize("viewer,expected", [(MEMBER, False), (LEAD, False), (ADMIN, True), (DLG, False)])
def test_only_admins_administer(viewer, expected):
    assert may_administer(viewer) is expected
    assert may_administer(viewer.in_scope("channel")) is expected  # a right, not a disclosure


def test_a_lead_updates_only_their_own_project_and_admins_any():
    assert may_update_project(LEAD, 10) and not may_update_project(LEAD, 11)
    assert may_update_project(ADMIN, 11) and not may_update_project(DLG, 10) and not may_update_project(MEMBER, 10)


def test_a_publication_follows_the_channel_rule():
    update = {
        "project_ref": "X",
        "project_name": "X",
        "submitted_at": datetime(2026, 11, 25, tzinfo=UTC),
        "rag": "amber",
        "risks": RISKS,
    }
    row = publishable(update, tz="Europe/London")
    assert row.row["risks"] == "Volunteer recruitment is slow" and row.risks_withheld == 2


risk = st.fixed_dictionaries({"text": st.text(max_size=20), "sensitive": st.booleans()})
viewer = st.builds(
    Viewer,
    staff_roles=st.frozensets(st.sampled_from(["admin", "dlg", "other"])),
    lead_of=st.frozensets(st.integers(0, 5)),
    conversation_type=st.sampled_from(SCOPES),
)


@given(st.lists(risk, max_size=8), viewer)
def test_no_sensitive_risk_ever_reaches_someone_who_may_not_see_it_and_the_count_adds_up(risks, who):
    shown, hidden = visible_risks(risks, who)
    assert len(shown) + hidden == len(risks)
    if not may_see_sensitive(who):
        assert not any(r["sensitive"] for r in shown)
        assert hidden == sum(r["sensitive"] for r in risks)
    else:
        assert hidden == 0
