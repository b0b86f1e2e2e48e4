"""Autoescaping HTML without a template engine: `string.Template` files, every value escaped.

A value is escaped unless it is `Markup` — HTML this package built itself from escaped parts. So a
lead's summary with `<script>` in it can only ever reach a page as text, whichever template or
helper it passes through. Templates live beside the code in `templates/` and are loaded relative to
the package (never through the working directory).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from importlib import resources
from string import Template
from typing import Any


class Markup(str):
    """A string that is already safe HTML."""

    __slots__ = ()

    def __add__(self, other: Any) -> Markup:
        return Markup(str.__add__(self, escape(other)))


def escape(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    return Markup(escape(sep).join(escape(p) for p in parts))


def tag(name: str, content: Any = "", /, **attrs: Any) -> Markup:
    """`<name attrs>content</name>`; attribute names use `_` for `-` and a trailing `_` for keywords
    (`class_`). `True` writes a bare attribute, `None`/`False` leaves it out."""
    return Markup(f"<{name}{attributes(**attrs)}>{escape(content)}</{name}>")


def header_row(*names: Any) -> Markup:
    """A table's header row: one column header (`scope="col"`) per name."""
    return tag("tr", join(tag("th", n, scope="col") for n in names))


def data_table(caption: Any, head: Any, body: Any, **attrs: Any) -> Markup:
    """A captioned table in its scrolling wrapper (`.table-wrap`); `attrs` go on the `<table>`."""
    return tag(
        "div",
        tag("table", tag("caption", caption) + tag("thead", head) + tag("tbody", body), **attrs),
        class_="table-wrap",
    )


def attributes(**attrs: Any) -> Markup:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        out.append(f" {key}" if value is True else f' {key}="{escape(value)}"')
    return Markup("".join(out))


class Templates:
    """The package's HTML templates, read once. `render` escapes every value that is not Markup."""

    def __init__(self, package: str = "dashboard", folder: str = "templates") -> None:
        root = resources.files(package).joinpath(folder)
        self._templates = {
            entry.name.removesuffix(".html"): Template(entry.read_text(encoding="utf-8"))
            for entry in root.iterdir()
            if entry.name.endswith(".html")
        }

    def render(self, template: str, /, **values: Any) -> Markup:
        return Markup(self._templates[template].substitute({k: escape(v) for k, v in values.items()}))

    def names(self) -> set[str]:
        return set(self._templates)
