"""The digest reads as an agenda at Teams' card width: drawn by Microsoft's renderer (`adaptivecards`, in
Chromium, 500 px wide), the channel card is at most 3,000 px tall in both views, even with 50 open asks
(the oldest asks first, the rest counted with a link to the full digest), no word is broken over two
lines, and every new card parses with no warning. The pictures are kept in tests/e2e/artifacts/cards-size/."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from cards.agenda import DLG_VIEW, agenda_card, refresh_block
from cards.decisions import AskCard, AsksOnForm, decision_form, decisions_list, notice_card
from cards.digest import HEIGHT_BUDGET, admin_preview_card, digest_card
from cards.measure import card_height
from cards.update import CycleView, ProjectView, form_card
from programme.digest import Lead, ProjectFacts, UpdateFacts, compose
from programme.digest_agenda import AskFacts, DecidedFacts
from tests.test_digest_compose import AREAS, facts
from tests.test_digest_official import ROOT, node  # noqa: F401  (the fixture)

PICTURES = ROOT / "tests" / "e2e" / "artifacts" / "cards-size"
WORDS = (
    "Approve the business case for the next phase of delivery, including the supplier contract variation and "
    "the revised timetable agreed with the service"
)


def programme(projects: int = 30, open_asks: int = 50, decided: int = 4) -> dict:
    """A 30-project programme in a bad week: many reds and ambers, asks piling up for six cycles."""
    ps = [
        ProjectFacts(i, f"P-{i:02d}", f"Digital project number {i}", AREAS[i % 4], (), (Lead(i, f"Lead Person {i}"),))
        for i in range(1, projects + 1)
    ]
    current = {
        i: UpdateFacts(
            i,
            ("red", "amber", "green")[i % 3],
            rag_reason="Supplier late and budget tight " * 3,
            blockers="Waiting for the network team" if i % 4 == 0 else "",
            risks=({"text": f"Risk {i}"},),
        )
        for i in range(1, projects + 1)
        if i % 6
    }
    previous = {i: UpdateFacts(i, "green") for i in range(1, projects + 1)}
    asks = [
        AskFacts(
            100 + n,
            (n % projects) + 1,
            f"{WORDS} ({n})",
            "open",
            date(2026, 10, 1),
            cycles_ago=6 - n // 10,
            decisions=0,
        )
        for n in range(open_asks)
    ]
    done = [
        DecidedFacts(
            500 + n,
            n + 1,
            f"Agree the data-sharing approach {n}",
            "approved",
            "Go ahead",
            date(2026, 11, 20),
            "Jo Bloggs",
        )
        for n in range(decided)
    ]
    return compose(facts(projects=ps, current=current, previous=previous, asks=asks, decided=done))


def render(cards: dict[str, dict], out: Path, node: str) -> dict[str, dict]:  # noqa: F811  # `node` is the fixture imported above
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, card in cards.items():
        path = out / f"{name}.json"
        path.write_text(json.dumps(card), encoding="utf-8")
        files.append(str(path))
    run = subprocess.run(
        [node, "tests/e2e/validate_cards.mjs", "--width", "500", str(out), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stdout[: run.stdout.rindex("]") + 1])
    assert run.returncode == 0, json.dumps(report, indent=2) + run.stderr
    return {Path(e["file"]).stem: e for e in report}


def test_the_channel_card_fits_3000_px_at_teams_width_with_50_open_asks_in_both_views(node):  # noqa: F811  # `node` is the fixture imported above
    content = programme()
    refresh = refresh_block(content["period_key"], ["29:jo", "29:dee"])
    cards = {
        "members-50": digest_card(content, marker="0f" * 16, refresh=refresh),
        "dlg-50": digest_card(content, marker="0f" * 16, view=DLG_VIEW, refresh=refresh),
        "members-typical": digest_card(programme(open_asks=6), marker="0f" * 16, refresh=refresh),
        "dlg-typical": digest_card(programme(open_asks=6), marker="0f" * 16, view=DLG_VIEW, refresh=refresh),
        "unbudgeted-50": digest_card(content, marker="0f" * 16, budget=None),
    }
    report = render(cards, PICTURES, node)
    for name in ("members-50", "dlg-50", "members-typical", "dlg-typical"):
        entry = report[name]
        assert entry["height"] <= HEIGHT_BUDGET, f"{name}: {entry['height']} px"
        assert entry["brokenWords"] == [], f"{name}: words broken mid-word: {entry['brokenWords']}"
        assert card_height(cards[name]) >= entry["height"] * 0.95, f"{name}: the estimate is below the renderer"
    assert report["unbudgeted-50"]["height"] > 2 * HEIGHT_BUDGET  # what the budget saves the DLG from
    text = json.dumps(cards["dlg-50"], ensure_ascii=False)
    assert "Asks needing a decision (50)" in text and "more asks in the [full digest]" in text
    shown = [n for n in range(50) if f"service ({n})" in text]
    assert shown == list(range(len(shown))) and len(shown) >= 8  # the oldest asks first, as many as fit
    assert "Decided since the last meeting" in text
    typical = json.dumps(cards["dlg-typical"], ensure_ascii=False)
    assert typical.count('"type": "Action.Execute", "title": "Record decision"') == 6  # six asks fit whole


def test_every_new_card_passes_the_official_renderer(node):  # noqa: F811  # `node` is the fixture imported above
    content = programme(open_asks=3)
    ask = AskCard(
        7,
        "P-07",
        "Digital project number 7",
        "Lead Person 7",
        WORDS,
        "deferred",
        1,
        date(2026, 10, 1),
        age="raised 2 cycles ago",
        decision="Deferred to the next meeting",
        note="Bring the costs",
        by="Jo Bloggs",
        decided="20 November 2026",
    )
    cycle = CycleView(
        "2026-W48",
        *(
            __import__("datetime").datetime(2026, 11, d, 9, tzinfo=__import__("datetime").timezone.utc)
            for d in (23, 26, 30)
        ),
        True,
    )
    cards = {
        "agenda-reply": agenda_card(content, view="members", refresh=refresh_block("2026-W48", ["29:jo"])),
        "agenda-reply-dlg": agenda_card(content, view=DLG_VIEW),
        "admin-preview": admin_preview_card(content, period_key="2026-W48", revision="r1", status="posted"),
        "decision-form": decision_form(ask, period="2026-W48", origin="digest", today=date(2026, 11, 27)),
        "decision-form-error": decision_form(
            ask, period="2026-W48", origin="list", error="Say why it was declined.", values={"outcome": "declined"}
        ),
        "decisions-list": decisions_list([ask] * 30, notice="Recorded: Approved"),
        "lead-notice": notice_card(
            ask,
            outcome="deferred",
            note="Bring the costs",
            by="Jo Bloggs",
            decided="20 November 2026",
            deferred_until=date(2027, 1, 14),
        ),
        "update-form-with-asks": form_card(
            project=ProjectView("P-07", "Digital project number 7"),
            cycle=cycle,
            tz="Europe/London",
            base_version=0,
            draft=None,
            milestones=[],
            can_carry_forward=False,
            asks=AsksOnForm([ask, ask], [ask]),
        ),
    }
    cards["update-form-with-asks"]["body"] = [  # ids must stay unique: two different asks
        *cards["update-form-with-asks"]["body"]
    ]
    section = next(i for i in cards["update-form-with-asks"]["body"] if i.get("id") == "open_asks")
    toggles = [i for i in section["items"] if i.get("type") == "Input.Toggle"]
    toggles[1]["id"] = "withdraw_ask_8"
    report = render(cards, PICTURES, node)
    for name, entry in report.items():
        assert entry["errors"] == [] and entry["warnings"] == [], (name, entry)
