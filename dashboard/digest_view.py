"""A stored digest, shown in full, whatever shape its `content` has.

The digest composer stores plain JSON. This renders it generically — headings for keys, lists
for lists, tables for rows that share their fields — with a few courtesies for shapes it knows
(`{"items": [...], "omitted": n}`, rows of RAG counts, trend tables, project refs linking to
their pages). If the content carries ready-made HTML (`content["html"]`), that is used instead,
after passing an allow-list sanitiser, so a composer bug can never put script on this page.

Who has not updated (`missing`) is for admins and DLG members only (`programme.access`); other
viewers see a sentence saying it is held back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

from programme.terms import RAGS, rag_word

from .formats import rag_badge
from .html import Markup, data_table, escape, header_row, join, tag

HIDDEN_KEYS = {"version", "period_key", "trimmed", "html", "links", "title", "subtitle", "intro", "as_of"}
MISSING_KEYS = {"missing", "missing_updates", "not_updated", "no_update"}
MAX_DEPTH = 6
LABELS = {
    "glance": "At a glance",
    "rag_changes": "RAG changes",
    "red_amber": "Red and amber projects",
    "new_risks": "New risks",
    "new_blockers": "New blockers",
    "asks": "Asks of the DLG",
    "agenda": "Asks needing a decision",
    "decided": "Decided since the last meeting",
    "needing": "Needing a decision",
    "missing": "Who has not updated",
    "trends": "Trends",
    "due_soon": "Due in the next four weeks",
    "sensitive_withheld": "Sensitive risks left out of the channel digest",
    "change_basis": "Change measured",
    "rag": "RAG",
    "ref": "Ref",
    "none": "Not reported",
    "to": "Now",
    "from": "Before",
    "dlg": "DLG",
}
COUNT_KEYS = ("red", "amber", "green", "none")


def label(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    words = re.sub(r"[_\-]+", " ", str(key)).strip()
    return words[:1].upper() + words[1:] if words else str(key)


class DigestRenderer:
    def __init__(self, *, may_see_missing: bool, project_url: Callable[[str], str]) -> None:
        self.may_see_missing = may_see_missing
        self.project_url = project_url

    def render(self, content: Mapping[str, Any], *, heading_level: int = 2) -> Markup:
        if isinstance(content.get("html"), str) and content["html"].strip():
            return tag("div", Markup(sanitise(content["html"], shift_headings=1)), class_="digest-html")
        parts = []
        for key, value in content.items():
            if key in HIDDEN_KEYS or value in (None, "", [], {}):
                continue
            parts.append(self.section(key, value, heading_level))
        if not parts:
            return tag("p", "This digest has no content to show.")
        return join(parts)

    def section(self, key: str, value: Any, level: int) -> Markup:
        h = f"h{min(level, 6)}"
        if key in MISSING_KEYS and not self.may_see_missing:
            body = tag("p", "Who has not updated is shown to admins and DLG members only.", class_="held-back")
        else:
            body = self.value(value, level + 1, key)
        return tag("section", tag(h, label(key)) + body, class_="digest-section")

    def value(self, value: Any, level: int, key: str = "") -> Markup:
        if level > MAX_DEPTH + 2:
            return tag("p", _short(value))
        if isinstance(value, Mapping):
            return self.mapping(value, level, key)
        if isinstance(value, (list, tuple)):
            return self.sequence(value, level, key)
        if isinstance(value, bool):
            return tag("p", "Yes" if value else "No")
        if key in ("rag", "rag_key", "to_key") and str(value).lower() in RAGS:
            return tag("p", rag_badge(str(value).lower()))
        return tag("p", value)

    def mapping(self, value: Mapping[str, Any], level: int, key: str) -> Markup:
        if "periods" in value and isinstance(value.get("items"), list):
            return self.trend_table(value)
        if "items" in value and isinstance(value["items"], list):
            body = self.sequence(value["items"], level, key)
            if not value["items"]:
                body = tag("p", "None this time.", class_="muted")
            omitted = value.get("omitted") or 0
            if isinstance(omitted, int) and omitted > 0:
                body += tag("p", f"{omitted} more not shown here.", class_="muted")
            extra = {k: v for k, v in value.items() if k not in ("items", "omitted")}
            return body + (self.mapping(extra, level, key) if extra else Markup(""))
        if "groups" in value and isinstance(value["groups"], list):
            return self.sequence(value["groups"], level, key)
        if "counts" in value and isinstance(value["counts"], Mapping):
            return tag("p", self.counts_words(value["counts"]))
        if all(not isinstance(v, (Mapping, list, tuple)) for v in value.values()):
            return self.facts(value)
        parts = []
        for k, v in value.items():
            if v in (None, "", [], {}) or k in HIDDEN_KEYS:
                continue
            if k in MISSING_KEYS and not self.may_see_missing:
                parts.append(self.section(k, v, level))
            elif isinstance(v, (Mapping, list, tuple)):
                parts.append(tag(f"h{min(level, 6)}", label(k)) + self.value(v, level + 1, k))
            else:
                parts.append(self.facts({k: v}))
        return join(parts)

    def sequence(self, items: Sequence[Any], level: int, key: str) -> Markup:
        if not items:
            return tag("p", "None.", class_="muted")
        if all(isinstance(i, Mapping) and "counts" in i and "name" in i for i in items):
            return self.counts_table(items, key)
        if all(isinstance(i, Mapping) and "group" in i for i in items):
            return join(
                tag(f"h{min(level, 6)}", i["group"]) + self.value(i.get("items", []), level + 1, key) for i in items
            )
        return tag("ul", join(tag("li", self.item(i, level)) for i in items), class_="digest-list")

    def item(self, item: Any, level: int) -> Markup:
        if not isinstance(item, Mapping):
            return escape(_short(item)) if not isinstance(item, (list, tuple)) else self.sequence(item, level, "")
        head = Markup("")
        rest = dict(item)
        if "ref" in rest and "name" in rest:
            ref, name = str(rest.pop("ref")), rest.pop("name")
            head = tag("a", f"{name} ({ref})", href=self.project_url(ref))
        elif "name" in rest or "title" in rest:
            head = tag("strong", rest.pop("name", None) or rest.pop("title", ""))
        rest = {k: v for k, v in rest.items() if not k.endswith("_key") and v not in (None, "")}
        text = rest.pop("text", None) or rest.pop("reason", None)
        out = head
        if "from" in rest and "to" in rest:
            out += Markup(" — ") + escape(f"{rest.pop('from')} → {rest.pop('to')}")
        if text:
            out += (Markup(": ") if head else Markup("")) + escape(text)
        if rest:
            out += self.facts(rest, inline=True)
        return out

    def facts(self, values: Mapping[str, Any], *, inline: bool = False) -> Markup:
        rows = []
        for k, v in values.items():
            if isinstance(v, Mapping) and set(v) <= set(COUNT_KEYS):
                shown: Any = self.counts_words(v)
            elif k in ("rag",) and str(v).lower() in RAGS:
                shown = rag_badge(str(v).lower())
            elif isinstance(v, bool):
                shown = "Yes" if v else "No"
            else:
                shown = _short(v)
            rows.append(tag("div", tag("dt", label(k)) + tag("dd", shown)))
        return tag("dl", join(rows), class_="facts inline" if inline else "facts")

    @staticmethod
    def counts_words(counts: Mapping[str, Any]) -> str:
        return ", ".join(
            f"{counts.get(k, 0)} {rag_word(k if k != 'none' else None)}" for k in COUNT_KEYS if k in counts
        )

    def counts_table(self, rows: Sequence[Mapping[str, Any]], key: str) -> Markup:
        head = tag(
            "tr",
            join(
                [tag("th", "Name", scope="col")]
                + [tag("th", rag_word(k if k != "none" else None), scope="col") for k in COUNT_KEYS]
                + [tag("th", "Total", scope="col"), tag("th", "Change", scope="col")]
            ),
        )
        body = []
        for r in rows:
            counts = r.get("counts") or {}
            change = r.get("change")
            change_words = self.change_words(change) if isinstance(change, Mapping) else "—"
            body.append(
                tag(
                    "tr",
                    join(
                        [tag("th", r.get("name", ""), scope="row")]
                        + [tag("td", counts.get(k, 0)) for k in COUNT_KEYS]
                        + [
                            tag("td", r.get("total", sum(v for v in counts.values() if isinstance(v, int)))),
                            tag("td", change_words),
                        ]
                    ),
                )
            )
        return data_table(label(key) if key else "Counts", head, join(body))

    @staticmethod
    def change_words(change: Mapping[str, Any]) -> str:
        moved = [
            f"{'+' if n > 0 else ''}{n} {rag_word(k if k != 'none' else None)}"
            for k, n in change.items()
            if isinstance(n, int) and n
        ]
        return ", ".join(moved) or "No change"

    def trend_table(self, value: Mapping[str, Any]) -> Markup:
        periods = [str(p) for p in value.get("periods", [])]
        head = header_row("Project", *periods)
        body = []
        for r in value.get("items", []):
            if not isinstance(r, Mapping):
                continue
            name = tag("a", f"{r.get('name', '')} ({r.get('ref', '')})", href=self.project_url(str(r.get("ref", ""))))
            body.append(tag("tr", join([tag("th", name, scope="row")] + [tag("td", w) for w in r.get("rags", [])])))
        omitted = value.get("omitted") or 0
        note = (
            tag("p", f"{omitted} more not shown here.", class_="muted")
            if isinstance(omitted, int) and omitted > 0
            else Markup("")
        )
        return data_table("RAG by cycle, oldest first", head, join(body)) + note


def _short(value: Any, limit: int = 4000) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- HTML allow-list

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "strong",
    "b",
    "em",
    "i",
    "span",
    "div",
    "section",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "blockquote",
    "small",
    "abbr",
    "code",
    "pre",
}
VOID = {"br", "hr"}
ALLOWED_ATTRS = {"href", "title", "scope", "colspan", "rowspan", "class", "lang", "aria-label", "abbr"}
DROP_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "head", "title"}


class _Sanitiser(HTMLParser):
    def __init__(self, shift_headings: int) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip = 0
        self.shift = shift_headings

    def _name(self, t: str) -> str:
        if len(t) == 2 and t[0] == "h" and t[1].isdigit():
            return f"h{min(int(t[1]) + self.shift, 6)}"
        return t

    def handle_starttag(self, t: str, attrs: list[tuple[str, str | None]]) -> None:
        if t in DROP_CONTENT:
            self.skip += 1
            return
        if self.skip or t not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRS or value is None:
                continue
            if name == "href" and not _safe_href(value):
                continue
            kept.append(f' {name}="{escape(value)}"')
        self.out.append(f"<{self._name(t)}{''.join(kept)}>")
        if t not in VOID:
            self.open.append(t)

    def handle_startendtag(self, t: str, attrs: list[tuple[str, str | None]]) -> None:
        if t in VOID:
            self.handle_starttag(t, attrs)

    def handle_endtag(self, t: str) -> None:
        if t in DROP_CONTENT:
            self.skip = max(self.skip - 1, 0)
            return
        if self.skip or t not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{self._name(top)}>")
            if top == t:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(escape(data))

    def result(self) -> str:
        while self.open:
            self.out.append(f"</{self._name(self.open.pop())}>")
        return "".join(self.out)


def _safe_href(value: str) -> bool:
    v = value.strip().lower()
    return v.startswith(("https://", "http://", "/", "#", "mailto:")) and not v.startswith("//")


def sanitise(markup: str, *, shift_headings: int = 0) -> str:
    """Only an allow-list of tags and attributes survives; scripts, styles, event handlers and
    javascript: links are dropped; headings move down `shift_headings` levels under the page's h1."""
    parser = _Sanitiser(shift_headings)
    parser.feed(markup)
    parser.close()
    return parser.result()
