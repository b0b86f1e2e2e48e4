"""A council whose plan names priority areas and enablers of its own: the question engine reads them, not the
default framework's items that the import also keeps but no project is placed in (a tenth author's set, holt, asked
"which projects use the cyber security enabler" and got the default "Information governance and cyber security",
with no projects). Seen failing first (0 projects)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.ask import forget_vocabulary
from tests.questions.conftest import MEMBER
from tests.questions.corpus_load import load_corpus

NOW = datetime(2028, 3, 29, 10, 15, tzinfo=UTC)
PLAN = """ref,name,priority_area,enablers,description,lead_name,lead_email,deputy_email,start_date,end_date,aliases
OW-01,Bus Real-Time Displays,Thriving Economy and Places,Cyber Security;Data and Insight,Displays.,Ann Lee,ann.lee@own.test,,2027-01-01,2028-12-31,
OW-02,Planning Online,Thriving Economy and Places,Customer Experience,Planning.,Ann Lee,ann.lee@own.test,,2027-01-01,2028-12-31,
OW-03,Care Records,Healthy Lives,Cyber Security,Records.,Bob Ray,bob.ray@own.test,,2027-01-01,2028-12-31,
"""
HISTORY = """project_ref,submitted_at,submitted_by_email,rag,progress_pct,summary,achievements,next_steps,risks,blockers,asks_of_dlg
OW-01,2028-03-20T10:00:00Z,ann.lee@own.test,red,40,Late.,None,None,None,None,None
OW-02,2028-03-20T11:00:00Z,ann.lee@own.test,green,50,Fine.,None,None,None,None,None
OW-03,2028-03-21T10:00:00Z,bob.ray@own.test,red,30,Late.,None,None,None,None,None
"""


@pytest.fixture
async def own(db, tmp_path):
    forget_vocabulary()
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    (tmp_path / "history.csv").write_text(HISTORY, encoding="utf-8")
    (tmp_path / "milestones.csv").write_text("project_ref,title,due_date,status\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("email,name\n", encoding="utf-8")
    (tmp_path / "roles.csv").write_text("email,role\n", encoding="utf-8")
    (tmp_path / "meta.yaml").write_text(
        'now: "2028-03-29T10:15:00Z"\ntimezone: Europe/London\ncycle: "weekly, opens Monday"\n', encoding="utf-8"
    )
    await load_corpus(db, tmp_path)
    yield db
    forget_vocabulary()


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz="Europe/London", now=NOW)


@pytest.mark.parametrize(
    "text, refs",
    [
        ("which projects use the cyber security enabler", ["OW-01", "OW-03"]),
        ("which cyber security enabler projects are red", ["OW-01", "OW-03"]),
        ("red projects under the economy & places priority", ["OW-01"]),
        ("which projects are in thriving economy and places", ["OW-01", "OW-02"]),
    ],
)
async def test_the_councils_own_areas_and_enablers_are_the_ones_read(own, text, refs):
    got = await _ask(own, text)
    assert sorted(got.data.get("projects") or []) == refs, got.text
