"""What the dashboard ships: the Teams library vendored byte for byte from the pinned npm package,
and themes whose colours meet WCAG 2.2 AA contrast."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "dashboard" / "static"
VENDORED = STATIC / "vendor" / "teams-js" / "MicrosoftTeams.min.js"
NPM_COPY = ROOT / "node_modules" / "@microsoft" / "teams-js" / "dist" / "umd" / "MicrosoftTeams.min.js"


def test_the_teams_library_is_pinned_exactly_and_vendored_unchanged():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["@microsoft/teams-js"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin @microsoft/teams-js to an exact version in package.json"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/@microsoft/teams-js"]["version"] == pinned
    if not NPM_COPY.exists():
        pytest.fail(
            "node_modules/@microsoft/teams-js is missing: run `npm ci` (make test does) to compare the vendored copy",
            pytrace=False,
        )
    installed = json.loads((NPM_COPY.parents[2] / "package.json").read_text())["version"]
    assert installed == pinned, "node_modules is out of date: run `npm ci`"
    assert VENDORED.read_bytes() == NPM_COPY.read_bytes(), (
        f"dashboard/static/vendor/teams-js is not @microsoft/teams-js {pinned}: copy dist/umd/MicrosoftTeams.min.js again"
    )


# ------------------------------------------------------------------------------- contrast


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def themes() -> dict[str, dict[str, str]]:
    css = (STATIC / "dashboard.css").read_text()
    out: dict[str, dict[str, str]] = {}
    for _selector, theme, body in re.findall(r'(:root(?:\[data-theme="(\w+)"\])?)\s*\{([^}]*)\}', css):
        values = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", body))
        if values:
            out.setdefault(theme or "light", {}).update(values)
    return out


TEXT_PAIRS = [
    ("fg", "bg"),
    ("fg", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("link", "bg"),
    ("link", "surface"),
    ("accent-fg", "link"),
    ("banner-fg", "banner-bg"),
]
SHAPE_PAIRS = [(c, b) for c in ("border", "focus", "green", "amber", "red", "none") for b in ("bg", "surface")]


def test_every_theme_is_defined_the_same_way():
    t = themes()
    assert set(t) == {"light", "auto", "dark", "contrast"}  # auto = dark when the system prefers it
    assert t["auto"] == t["dark"]
    assert set(t["light"]) == set(t["dark"]) == set(t["contrast"])


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_text_is_at_least_4_5_to_1_and_shapes_and_borders_3_to_1(theme):
    colours = themes()[theme]
    for fg, bg in TEXT_PAIRS:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (theme, fg, bg)
    for fg, bg in SHAPE_PAIRS:
        assert contrast(colours[fg], colours[bg]) >= 3.0, (theme, fg, bg)
