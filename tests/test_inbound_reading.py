"""The endpoint reads an activity (and checks its Teams channelData) with msrest deserialisers made once
(bot/endpoint.py `read_activity`, `_TEAMS_CHANNEL_DATA`) instead of a new one per call, as
`Model.deserialize` does. Whatever arrives — Microsoft's example payloads, our own builders, broken
shapes — the result must be what `Activity().deserialize` / `TeamsChannelData().deserialize` make of it:
the same model, or the same failure; and a deserialiser that failed on one body reads the next as new."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from botbuilder.schema import Activity
from botbuilder.schema.teams import TeamsChannelData
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.endpoint import _TEAMS_CHANNEL_DATA, _shape_problem, read_activity
from tests import activities as A
from tests.test_where import (
    BOT_ADDED_TO_PERSONAL,
    MEETING_END,
    MEETING_START,
    MEMBER_ADDED_TO_CHANNEL,
    USER_ADDED_TO_MEETING,
)

SERVICE = "https://smba.trafficmanager.net/uk/"


def _payloads() -> list[dict[str, Any]]:
    team = "19:general@thread.tacv2"
    return [
        MEETING_START,
        MEETING_END,
        USER_ADDED_TO_MEETING,
        MEMBER_ADDED_TO_CHANNEL,
        BOT_ADDED_TO_PERSONAL,
        A.message("which projects are red?", service_url=SERVICE),
        A.message("who leads ASC?", service_url=SERVICE, conversation_type="channel", team_id=team, mention_bot=True),
        A.message("", service_url=SERVICE, value={"verb": "submit_update", "project": "P-1"}),
    ]


def _fresh(body: Any) -> tuple[str, Any]:
    try:
        return "ok", Activity().deserialize(body).as_dict()
    except Exception as exc:  # noqa: BLE001 - the failure itself is what is compared
        return "failed", type(exc).__name__


def _reused(body: Any) -> tuple[str, Any]:
    try:
        return "ok", read_activity(body).as_dict()
    except Exception as exc:  # noqa: BLE001 - the failure itself is what is compared
        return "failed", type(exc).__name__


@pytest.mark.parametrize("index", range(len(_payloads())))
def test_an_activity_reads_as_msrest_reads_it(index):
    body = _payloads()[index]
    fresh, reused = Activity().deserialize(copy.deepcopy(body)), read_activity(copy.deepcopy(body))
    assert reused.as_dict() == fresh.as_dict()
    assert json.dumps(reused.serialize(), sort_keys=True, default=str) == json.dumps(
        fresh.serialize(), sort_keys=True, default=str
    )
    assert _shape_problem(reused) == _shape_problem(fresh)


def _channel_data_verdict_fresh(data: Any) -> str:
    try:
        TeamsChannelData().deserialize(data)
    except Exception:  # noqa: BLE001 - only whether it could be read matters to the endpoint
        return "channelData"
    return "fine"


def _channel_data_verdict_reused(data: Any) -> str:
    try:
        _TEAMS_CHANNEL_DATA("TeamsChannelData", data)
    except Exception:  # noqa: BLE001 - as above
        return "channelData"
    return "fine"


BROKEN_CHANNEL_DATA = [
    {"tenant": "not an object"},
    {"tenant": {"id": 5}},
    {"team": ["a list"]},
    {"eventType": {"nested": True}},
    {"channel": {"id": "19:x@thread.tacv2", "name": None}, "team": {"id": "19:t", "aadGroupId": []}},
    {"meeting": "m"},
    {"settings": 3},
    {"notification": {"alert": "yes"}},
]


@pytest.mark.parametrize("data", BROKEN_CHANNEL_DATA + [p.get("channelData") for p in _payloads()])
def test_channel_data_is_judged_as_msrest_judges_it(data):
    assert _channel_data_verdict_reused(copy.deepcopy(data)) == _channel_data_verdict_fresh(copy.deepcopy(data))


def test_a_failure_leaves_nothing_behind_for_the_next_body():
    good = A.message("help", service_url=SERVICE)
    before = read_activity(copy.deepcopy(good)).as_dict()
    for data in BROKEN_CHANNEL_DATA:
        _channel_data_verdict_reused(data)
        _reused({**good, "from": "a string", "timestamp": "yesterday", "channelData": data})
    assert read_activity(copy.deepcopy(good)).as_dict() == before == Activity().deserialize(good).as_dict()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    ["type", "id", "from", "conversation", "recipient", "entities", "attachments", "channelData", "value", "text"]
    + ["timestamp", "membersAdded", "tenant", "team", "channel", "eventType", "meeting", "settings", "name"]
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(changes=st.dictionaries(_KEYS, _JSON, max_size=4))
def test_broken_activities_read_or_fail_as_msrest_would(changes):
    body = {**A.message("help", service_url=SERVICE), **changes}
    assert _reused(copy.deepcopy(body)) == _fresh(copy.deepcopy(body))
    data = changes.get("channelData", changes)
    assert _channel_data_verdict_reused(copy.deepcopy(data)) == _channel_data_verdict_fresh(copy.deepcopy(data))


class _CountedMap(dict):
    """An attribute map that counts how often all of its entries are walked for their keys."""

    walks = 0

    def values(self):
        type(self).walks += 1
        return super().values()


def test_a_models_own_keys_are_worked_out_once_not_for_every_activity(monkeypatch):
    """Which keys of a body are additional properties: msrest worked a model's own keys out of its (constant)
    attribute map on every read, about a fifth of reading an activity."""
    monkeypatch.setattr(Activity, "_attribute_map", _CountedMap(Activity._attribute_map))
    _CountedMap.walks = 0
    for text in ("help", "which projects are red?", "who leads ASC?"):
        body = {**A.message(text, service_url=SERVICE), "somethingNew": 1}
        assert read_activity(body).as_dict() == Activity().deserialize(copy.deepcopy(body)).as_dict()
    monkeypatch.setattr(Activity, "_attribute_map", _CountedMap(Activity._attribute_map))
    _CountedMap.walks = 0
    for text in ("help", "which projects are red?", "who leads ASC?"):
        read_activity(A.message(text, service_url=SERVICE))
    assert _CountedMap.walks <= 1


def test_channel_data_of_only_the_tenant_is_not_deserialised_to_be_judged(monkeypatch):
    """A 1:1 message's channel data is only the tenant's id, which always reads as TeamsChannelData."""
    body = A.message("which projects are red?", service_url=SERVICE)
    body["channelData"] = {"tenant": {"id": "00000000-0000-0000-0000-000000000001"}}
    activity = read_activity(copy.deepcopy(body))

    def refuse(*_args):
        raise AssertionError("deserialised")

    monkeypatch.setattr("bot.endpoint._TEAMS_CHANNEL_DATA", refuse)
    assert _shape_problem(activity) is None


@pytest.mark.parametrize(
    "data",
    [
        {"tenant": {"id": "t"}},
        {"tenant": {"id": 5}},
        {"tenant": {"id": None}},
        {"tenant": {}},
        {"tenant": {"id": "t", "name": []}},
        {"tenant": "t"},
        {"tenant": {"id": "t"}, "team": ["a list"]},
    ],
)
def test_tenant_shaped_channel_data_is_judged_as_msrest_judges_it(data):
    body = {**A.message("help", service_url=SERVICE), "channelData": data}
    fresh = Activity().deserialize(copy.deepcopy(body))
    assert (
        _shape_problem(read_activity(copy.deepcopy(body)))
        == (None if _channel_data_verdict_fresh(copy.deepcopy(data)) == "fine" else "channelData")
        == _shape_problem(fresh)
    )
