"""What else is Farah on: "what is X on?" asks what a person does, so a first name alone in it is looked up
among the people, as it is in "what does X lead?" (dale). Seen failing first (not sure)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


@pytest.mark.parametrize("text", ["what is gareth on?", "what else is gareth on?", "what's gareth on"])
async def test_a_first_name_in_what_is_x_on_is_the_person(db, plan, text):
    from services.ask import ask

    got = await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)
    assert got.data.get("kind") == "led_by_person", (got.data, got.text)
    assert set(got.data.get("projects", [])) == {"CIT-03", "ECO-01"}, got.text
