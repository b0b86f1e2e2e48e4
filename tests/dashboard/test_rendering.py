"""The pure parts: field-level diffs, digests of any shape, the HTML allow-list, the charts' text."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from dashboard.charts import milestone_timeline, sparkline, trend_text
from dashboard.diff import changes, risk_dicts
from dashboard.digest_view import DigestRenderer, sanitise
from dashboard.html import Markup, Templates, escape, tag
from programme.access import Viewer

ADMIN = Viewer(staff_roles=frozenset({"admin"}))
MEMBER = Viewer()


@dataclass(frozen=True)
class U:
    rag: str = "green"
    progress_pct: int | None = 50
    rag_reason: str = ""
    summary: str = "On track."
    achievements: str = ""
    next_steps: str = ""
    blockers: str = ""
    asks_of_dlg: str = ""
    risks: list = field(default_factory=list)
    milestone_changes: list = field(default_factory=list)


def test_a_diff_lists_only_the_fields_that_changed_in_words():
    before, after = U(), U(rag="amber", progress_pct=None, summary="On track.\n", blockers="Waiting for IT.")
    found = {c.field: (c.before, c.after) for c in changes(before, after, MEMBER)}
    assert found == {
        "rag": ("Green", "Amber"),
        "progress_pct": ("50%", "not given"),
        "blockers": ("(none)", "Waiting for IT."),
    }


def test_a_sensitive_risk_changes_the_diff_only_for_those_who_may_read_it():
    before = U(risks=[{"text": "Budget", "sensitive": False}])
    after = U(risks=[{"text": "Budget", "sensitive": False}, {"text": "Breach", "sensitive": True}])
    assert [c.field for c in changes(before, after, MEMBER)] == []
    [risk] = changes(before, after, ADMIN)
    assert (risk.before, risk.after) == ("(none gone)", "Breach")


def test_risks_in_odd_shapes_are_read_not_dropped():
    assert risk_dicts(["Plain text", {"title": "Titled"}, {"text": ""}, None, {"text": "S", "sensitive": 1}]) == [
        {"text": "Plain text", "sensitive": False},
        {"title": "Titled", "text": "Titled", "sensitive": False},
        {"text": "S", "sensitive": True},
    ]


def test_html_is_escaped_unless_it_was_built_here():
    t = Templates()
    assert escape('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert tag("p", "<b>") == "<p>&lt;b&gt;</p>" and tag("p", Markup("<b>x</b>")) == "<p><b>x</b></p>"
    assert "&lt;script&gt;" in t.render("message", title="<script>", text="x", more="")


def test_the_sanitiser_keeps_structure_and_drops_anything_active():
    dirty = (
        '<h1 onclick="x()">Digest</h1><script>alert(1)</script><p style="color:red">Hi <a href="javascript:alert(1)">x</a>'
        '<a href="https://teams.microsoft.com/l/x">ok</a><img src=x onerror=alert(2)><iframe src="//evil"></iframe></p>'
        '<table><tr><th scope="col">A</th></tr></table><svg><script>1</script></svg>'
    )
    clean = sanitise(dirty, shift_headings=1)
    assert clean.startswith("<h2>Digest</h2>")
    for bad in ("script", "onclick", "style=", "javascript:", "<img", "onerror", "iframe", "svg", "alert"):
        assert bad not in clean, bad
    assert '<a href="https://teams.microsoft.com/l/x">ok</a>' in clean and '<th scope="col">A</th>' in clean


def render(content, may_see_missing=True) -> str:
    return DigestRenderer(may_see_missing=may_see_missing, project_url=lambda r: f"/dashboard/projects/{r}").render(
        content
    )


def test_a_digest_with_html_is_shown_sanitised():
    html = render({"html": "<h2>Week</h2><p>All <em>fine</em><script>x</script></p>", "missing": {"items": [1]}})
    assert html == '<div class="digest-html"><h3>Week</h3><p>All <em>fine</em></p></div>'


def test_a_digest_of_an_unknown_shape_is_still_shown_in_full():
    content = {
        "headline": "Quiet week",
        "numbers": {"received": 30, "late": 2},
        "notes": ["One", {"title": "Two", "detail": "x"}],
        "deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": "bottom"}}}}}}}},
        "empty": [],
        "flag": True,
    }
    html = render(content)
    for text in (
        "Headline",
        "Quiet week",
        "Received",
        "30",
        "One",
        "<strong>Two</strong>",
        "Detail",
        "bottom",
        "Flag",
        "Yes",
    ):
        assert text in html, text
    assert "Empty" not in html


def test_who_has_not_updated_is_held_back_from_members_wherever_it_sits():
    content = {
        "missing": {"items": [{"ref": "A-1", "name": "A", "reason": "NAMES"}]},
        "sections": {"not_updated": ["NAMES"]},
    }
    assert "NAMES" in render(content, may_see_missing=True)
    held = render(content, may_see_missing=False)
    assert "NAMES" not in held and held.count("shown to admins and DLG members only") == 2


def test_a_digest_with_nothing_in_it_says_so():
    assert "no content" in render({"version": 1, "links": {}})


def test_a_sparkline_says_what_it_draws():
    svg = sparkline(["green", None, "red"], ["W1", "W2", "W3"])
    assert 'role="img"' in svg and "oldest first: Green, no update, Red." in svg and svg.count("<circle") == 2
    assert trend_text([], []) == "No update cycles yet."
    assert "No cycles yet" in sparkline([], [])


@dataclass
class M:
    title: str
    due_date: date | None
    status: str = "not started"


def test_a_timeline_is_left_out_when_no_milestone_has_a_date():
    assert milestone_timeline([M("x", None)], start=None, end=None, today=date(2026, 1, 1)) == ""
    svg = milestone_timeline([M("x", date(2026, 1, 2)), M("y", None)], start=None, end=None, today=date(2026, 1, 1))
    assert "Timeline of 1 dated milestone between" in svg


def test_update_rows_compare_whatever_has_the_fields():
    base = U(risks=["Old risk"])
    assert [c.label for c in changes(base, replace(base, risks=["New risk"]), MEMBER)] == ["Risks (gone and new)"]
