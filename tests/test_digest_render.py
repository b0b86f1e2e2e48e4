"""The digest as an Adaptive Card and as HTML: charts with text equivalents, RAG as words, every
piece of lead text escaped, and a long digest shortened visibly with a link to the full view."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from cards.digest import VERB_APPROVE, VERB_INTRO, admin_preview_card, card_bytes, digest_card
from cards.digest_html import digest_document, digest_html
from graph.publisher import GraphPublisher
from programme.digest import UpdateFacts, compose
from services.digest import DigestView, fit
from tests.test_digest_compose import PRIYA, facts, project

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> [click](http://evil.example) <at>Everyone</at>'


def evil_content():
    current = {
        1: UpdateFacts(
            1, "red", rag_reason=EVIL, summary=EVIL, asks_of_dlg=EVIL, blockers=EVIL, risks=({"text": EVIL},)
        )
    }
    return compose(
        facts(
            current=current,
            projects=[project(1, "CIT-01", "Digital Citizen", PRIYA)],
            previous={1: UpdateFacts(1, "green")},
            intro=EVIL,
        )
    )


def walk(element):
    yield element
    for key in ("body", "items", "columns", "rows", "cells", "actions", "fallback", "card"):
        value = element.get(key) if isinstance(element, dict) else None
        if isinstance(value, list):
            for child in value:
                yield from walk(child)
        elif isinstance(value, dict):
            yield from walk(value)


def test_the_card_is_version_1_5_with_a_chart_whose_fallback_is_a_table_of_the_same_numbers():
    content = compose(facts())
    card = digest_card(content, marker="m1")
    assert card["version"] == "1.5"
    charts = [e for e in walk(card) if str(e.get("type", "")).startswith("Chart.")]
    assert charts and all(c.get("fallback") for c in charts)
    chart = charts[0]
    assert [s["legend"] for s in chart["data"]] == ["Red", "Amber", "Green", "Not reported"]
    table = chart["fallback"]
    assert table["type"] == "Table" and table["firstRowAsHeaders"] is True
    header = [c["items"][0]["text"] for c in table["rows"][0]["cells"]]
    assert header == ["Priority area", "Red", "Amber", "Green", "No update"]  # "Not reported" broke mid-word
    citizen = [c["items"][0]["text"] for c in table["rows"][1]["cells"]]
    assert citizen == ["Digital Citizen", "0", "1 (+1)", "1 (−1)", "0"]
    citizen_bars = {s["legend"]: s["values"][0]["y"] for s in chart["data"]}
    assert citizen_bars == {"Red": 0, "Amber": 1, "Green": 1, "Not reported": 0}


def test_rag_is_always_a_word_in_the_card_and_the_html():
    content = compose(facts())
    text = json.dumps(digest_card(content), ensure_ascii=False)
    assert "Green → Amber" in text
    html = digest_html(content)
    assert "Green → Amber" in html and '<th scope="col">Amber</th>' in html


def test_lead_text_with_script_and_markup_is_escaped_everywhere():
    content = evil_content()
    html = digest_html(content, marker="m1")
    assert "<script" not in html and "<img" not in html and "<at>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    card_text = json.dumps(digest_card(content, marker="m1"), ensure_ascii=False)
    assert "<script" not in card_text and "<at>" not in card_text
    assert "[click](" not in card_text  # the brackets are escaped: no disguised Markdown link
    document = digest_document(content)
    assert "<script" not in document


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.th_without_scope = 0
        self.tables = self.captions = 0

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th" and "scope" not in dict(attrs):
            self.th_without_scope += 1
        self.tables += tag == "table"
        self.captions += tag == "caption"


def test_the_html_page_has_a_language_one_h1_ordered_headings_and_captioned_tables_with_scoped_headers():
    content = compose(facts(trend_periods=["2026-W47", "2026-W48"], trend={1: {"2026-W48": "amber"}}))
    page = digest_document(content, marker="m1")
    assert page.startswith('<!DOCTYPE html><html lang="en-GB">')
    outline = _Outline()
    outline.feed(page)
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))  # no skipped levels
    assert outline.tables >= 3 and outline.tables == outline.captions
    assert outline.th_without_scope == 0


def test_sensitive_risks_are_counted_with_a_pointer_to_the_admins_view():
    current = {1: UpdateFacts(1, "amber", risks=({"text": "Phishing", "sensitive": True},))}
    content = compose(facts(current=current))
    html = digest_html(content)
    assert "1 risk marked sensitive is not shown in this channel" in html
    assert 'href="https://bot.example.gov.uk/dashboard"' in html and "Phishing" not in html
    assert "admins' view" in json.dumps(digest_card(content), ensure_ascii=False)


def test_the_admin_preview_has_approve_and_edit_intro_buttons_with_submit_fallbacks_and_labelled_input():
    card = admin_preview_card(compose(facts()), period_key="2026-W48", revision="abc", status="draft")
    actions = {a["title"]: a for a in card["actions"]}
    approve = actions["Approve and post"]
    assert approve["type"] == "Action.Execute" and approve["verb"] == VERB_APPROVE
    assert approve["data"] == {"verb": VERB_APPROVE, "period": "2026-W48", "revision": "abc"}
    assert approve["fallback"]["type"] == "Action.Submit"
    intro = actions["Edit intro"]["card"]
    assert intro["body"][0]["label"] and intro["actions"][0]["verb"] == VERB_INTRO
    assert card["body"][0]["items"][0]["text"].startswith("Status: Draft")


def _view(content) -> DigestView:
    return DigestView(
        1,
        content["period_key"],
        "approved",
        content,
        "0123456789abcdef0123456789abcdef",
        "graph",
        0,
        "",
        "",
        None,
        "",
        datetime.now(UTC),
        None,
    )


def test_a_long_digest_is_shortened_to_fit_graph_and_links_to_the_full_view_instead_of_being_cut():
    many = [project(i, f"P-{i:03d}", "Digital Council", PRIYA) for i in range(1, 501)]
    current = {
        i: UpdateFacts(i, "red" if i % 2 else "amber", rag_reason="Reason " * 20, asks_of_dlg="Decide on funding")
        for i in range(1, 501)
    }
    previous = {i: UpdateFacts(i, "green") for i in range(1, 501)}
    trend = {i: {"2026-W47": "green", "2026-W48": "red"} for i in range(1, 501)}
    content = compose(
        facts(projects=many, current=current, previous=previous, trend_periods=["2026-W47", "2026-W48"], trend=trend)
    )
    assert card_bytes(digest_card(content, budget=None)) > 28 * 1024  # far too big as it is
    publisher = GraphPublisher(client=None, team_id="t", channel_id="c")
    message = fit(_view(content), publisher)
    assert publisher.size(message) <= publisher.limit_bytes
    assert "…and " in message.html and "/dashboard/digests/2026-W48" in message.html
    assert "shortened to fit a Teams message" in message.html
    assert "…and " in json.dumps(message.card, ensure_ascii=False)
    assert message.document.count("P-500") >= 1  # the outbox / full page keeps everything
