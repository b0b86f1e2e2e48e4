"""The digest as HTML: the body of the channel message (for clients that do not render the card)
and a standalone, accessible page (the outbox copy and the full view).

Accessibility (WCAG 2.2 AA): real headings in order, tables with captions and `th scope`, RAG always
as a word, every number that the card draws as a chart present here as a table. Every piece of text
that came from people (project names, leads, summaries, asks) is escaped with `html.escape`.
"""

from __future__ import annotations

from html import escape
from typing import Any

from programme.digest import RAG_KEYS, omitted_total, plural
from programme.digest_agenda import agenda_of, decided_of

from .digest_tables import RAG_LABELS, signed

MARKER_PREFIX = "dfbot-digest:"


def e(value: Any) -> str:
    return escape(str(value if value is not None else ""), quote=True)


def _table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    """A data table: the first column names the row, so it is a row header."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + f'<th scope="row">{e(r[0])}</th>' + "".join(f"<td>{e(v)}</td>" for v in r[1:]) + "</tr>" for r in rows
    )
    return f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def rag_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    out = []
    for r in rows:
        change = r.get("change") or {}
        out.append([r["name"]] + [f"{r['counts'][k]}{signed(change.get(k))}" for k in RAG_KEYS])
    return out


def _more(n: int, links: dict[str, str]) -> str:
    if not n:
        return ""
    full = links.get("full")
    where = f' in the <a href="{e(full)}">full digest</a>' if full else " in the full digest"
    return f"<p><em>…and {n} more{where}.</em></p>"


def _who(i: dict[str, Any]) -> str:
    return f"<strong>{e(i['ref'])} {e(i['name'])}</strong> ({e(i['lead'])})"


def _list(section: dict[str, Any], line, links: dict[str, str], empty: str) -> str:
    if not section["items"]:
        return f"<p>{e(empty)}</p>" + _more(section.get("omitted", 0), links)
    return (
        "<ul>"
        + "".join(f"<li>{line(i)}</li>" for i in section["items"])
        + "</ul>"
        + _more(section.get("omitted", 0), links)
    )


def _glance(content: dict[str, Any], h: int) -> str:
    g = content["glance"]
    total, p = g["total"], g["participation"]
    change = total.get("change") or {}
    words = ", ".join(f"{RAG_LABELS[k]} {total['counts'][k]}{signed(change.get(k))}" for k in RAG_KEYS)
    basis = f" Changes in brackets are {e(g['change_basis'])}." if g.get("change_basis") else ""
    late = f", {p['late']} late" if p.get("late") else ""
    header = ["Priority area"] + [RAG_LABELS[k] for k in RAG_KEYS]
    out = [
        f"<h{h}>The programme at a glance</h{h}>",
        f"<p>{e(plural(total['total'], 'project'))}: {e(words)}.{basis}</p>",
        f"<p><strong>Updates received: {p['received']} of {p['expected']}{e(late)}.</strong></p>",
        _table("Projects by RAG rating in each priority area", header, rag_rows(g["areas"])),
    ]
    if g["enablers"]:
        out.append(_table("Projects by RAG rating for each enabler", ["Enabler"] + header[1:], rag_rows(g["enablers"])))
    return "".join(out)


def _asks(content: dict[str, Any], h: int) -> str:
    """The agenda: asks needing a decision, oldest first, with their decisions once recorded."""
    a, links = agenda_of(content), content["links"]
    needing = [i for i in a["items"] if i.get("needs_decision", True)]
    later = [i for i in a["items"] if not i.get("needs_decision", True)]
    total = len(needing) + a.get("omitted", 0)
    out = [
        f"<h{h}>Asks needing a decision ({total})</h{h}>",
        "<p>Oldest first: the meeting's agenda.</p>" if total else "<p>No ask needs a decision at this meeting.</p>",
    ]
    if needing:
        out.append("<ol>" + "".join(f"<li>{_ask(i)}</li>" for i in needing) + "</ol>")
    out.append(_more(a.get("omitted", 0), links))
    if later:
        out.append(
            f"<h{h + 1}>Deferred to a later meeting</h{h + 1}><ul>"
            + "".join(f"<li>{_ask(i)}</li>" for i in later)
            + "</ul>"
        )
    d = decided_of(content)
    if d["items"]:
        out.append(
            f"<h{h}>Decided since the last meeting</h{h}><ul>"
            + "".join(f"<li>{_who(i)}: {e(i['text'])} — {_decision(i)}</li>" for i in d["items"])
            + "</ul>"
        )
        out.append(_more(d.get("omitted", 0), links))
    return "".join(out)


def _ask(i: dict[str, Any]) -> str:
    when = ", ".join(p for p in (i.get("age"), f"since {i['raised']}" if i.get("raised") else "") if p)
    line = f"{_who(i)}: {e(i['text'])}" + (f" <small>({e(when)})</small>" if when else "")
    return line + (f"<br>{_decision(i)}" if i.get("decision") else "")


def _decision(i: dict[str, Any]) -> str:
    out = f"<strong>{e(i['decision'])}</strong>" + (f": {e(i['note'])}" if i.get("note") else "")
    if i.get("by") or i.get("decided"):
        out += (
            " — recorded"
            + (f" by {e(i['by'])}" if i.get("by") else "")
            + (f", {e(i['decided'])}" if i.get("decided") else "")
        )
    return out


def _moved(content: dict[str, Any], h: int) -> str:
    links, m = content["links"], content["milestones"]
    sub = h + 1
    out = [
        f"<h{h}>What moved</h{h}>",
        f"<h{sub}>RAG changes</h{sub}>",
        _list(
            content["rag_changes"],
            lambda i: f"{_who(i)}: {e(i['from'])} → {e(i['to'])}." + (f" {e(i['reason'])}" if i.get("reason") else ""),
            links,
            "No RAG changes this cycle.",
        ),
        f"<h{sub}>New risks</h{sub}>",
        _list(content["new_risks"], lambda i: f"{_who(i)}: {e(i['text'])}", links, "No new risks."),
        f"<h{sub}>New blockers</h{sub}>",
        _list(content["new_blockers"], lambda i: f"{_who(i)}: {e(i['text'])}", links, "No new blockers."),
    ]
    parts = (
        (
            "completed",
            "Milestones completed",
            lambda i: f"{e(i['title'])} ({e(i['ref'])}), {e(i['date'])}",
            "None completed.",
        ),
        (
            "slipped",
            "Milestones slipped",
            lambda i: f"{e(i['title'])} ({e(i['ref'])}): was {e(i['was'])}, now {e(i['now'])}",
            "None slipped.",
        ),
        (
            "overdue",
            "Milestones overdue",
            lambda i: f"{e(i['title'])} ({e(i['ref'])}): due {e(i['due'])}, {e(plural(i['days'], 'day'))} overdue",
            "None overdue.",
        ),
        (
            "due_soon",
            "Milestones due in the next four weeks",
            lambda i: f"{e(i['title'])} ({e(i['ref'])}): due {e(i['due'])}",
            "None due.",
        ),
    )
    for key, title, line, empty in parts:
        out += [f"<h{sub}>{title}</h{sub}>", _list(m[key], line, links, empty)]
    return "".join(out)


def _red_amber(content: dict[str, Any], h: int) -> str:
    return f"<h{h}>Red and amber projects</h{h}>" + _list(
        content["red_amber"],
        lambda i: f"{_who(i)}: <strong>{e(i['rag'])}</strong>." + (f" {e(i['reason'])}" if i.get("reason") else ""),
        content["links"],
        "No project reported red or amber this cycle.",
    )


def _missing(content: dict[str, Any], h: int, names: bool) -> str:
    """Who has not updated is for admins and the DLG (programme/access.py): the channel message counts."""
    if not names:
        n = len(content["missing"]["items"]) + content["missing"].get("omitted", 0)
        words = (
            "Every project sent an update this cycle."
            if not n
            else f"{plural(n, 'project')} {'has' if n == 1 else 'have'} not sent an update this cycle."
        )
        return f"<h{h}>Missing updates</h{h}><p>{e(words)}</p>"
    return f"<h{h}>Missing updates</h{h}>" + _list(
        content["missing"],
        lambda i: f"{_who(i)}: {e(i['reason'])}",
        content["links"],
        "Every project sent an update this cycle.",
    )


def _trends(content: dict[str, Any], h: int) -> str:
    t = content["trends"]
    if not t["periods"] or (not t["items"] and not t.get("omitted")):
        return ""
    out = f"<h{h}>RAG over recent cycles</h{h}>"
    if t["items"]:
        rows = [[f"{r['ref']} {r['name']}"] + r["rags"] for r in t["items"]]
        out += _table(
            "Each project's RAG rating in recent update cycles, oldest first", ["Project"] + t["periods"], rows
        )
    return out + _more(t.get("omitted", 0), content["links"])


def _footer(content: dict[str, Any], marker: str) -> str:
    out = []
    n = content.get("sensitive_withheld", 0)
    if n:
        where = content["links"].get("sensitive")
        pointer = (
            f'Admins and DLG members can read {"it" if n == 1 else "them"} in the <a href="{e(where)}">admins\' '
            "view</a>."
            if where
            else "Admins and DLG members can read them in a 1:1 chat with the bot."
        )
        out.append(
            f"<p>{e(plural(n, 'risk'))} marked sensitive {'is' if n == 1 else 'are'} not shown in this channel. "
            f"{pointer}</p>"
        )
    full = content["links"].get("full")
    if content.get("trimmed") and omitted_total(content):
        out.append("<p>This digest is shortened to fit a Teams message; the full digest has every item.</p>")
    if full:
        out.append(f'<p><a href="{e(full)}">Open the full digest</a></p>')
    if marker:
        out.append(f"<!-- {MARKER_PREFIX}{e(marker)} --><p><small>Digest reference {e(marker)}</small></p>")
    return "".join(out)


def digest_html(content: dict[str, Any], *, marker: str = "", top: int = 2, names: bool = False) -> str:
    """The message body: a fragment whose headings start at level `top`; the agenda first. `names`: list
    whose update is missing (the admins' full page), not just how many (the channel message)."""
    h = top
    parts = [f"<h{h}>{e(content['title'])}</h{h}>", f"<p>{e(content['subtitle'])}</p>"]
    if content.get("intro"):
        parts.append("".join(f"<p>{e(line)}</p>" for line in content["intro"].splitlines() if line.strip()))
    parts += [
        _asks(content, h + 1),
        _glance(content, h + 1),
        _moved(content, h + 1),
        _red_amber(content, h + 1),
        _missing(content, h + 1, names),
        _trends(content, h + 1),
        _footer(content, marker),
    ]
    return "".join(parts)


_STYLE = (
    "\n"
    'body{font-family:"Segoe UI",system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff;max-width:60rem;'
    "margin:0 auto;padding:1rem}\n"
    "table{border-collapse:collapse;margin:0 0 1rem}caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
    "th,td{border:1px solid #6b6b6b;padding:.25rem .5rem;text-align:left}a{color:#0b5cad}\n"
)


def digest_document(content: dict[str, Any], *, marker: str = "") -> str:
    """A whole page (language, title, one h1, landmarks) for the outbox: the admins' full copy."""
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(content['title'])}</title><style>{_STYLE}</style></head>"
        f"<body><main>{digest_html(content, marker=marker, top=1, names=True)}</main></body></html>"
    )
