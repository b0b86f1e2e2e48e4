"""The dashboard's digest pages: the list of digests and one digest (`views.digests`, `views.digest`)."""

from __future__ import annotations

from urllib.parse import quote

from programme.access import Viewer, may_see_missing_updates
from store.dashboard_repo import DigestFull, DigestRef

from .digest_view import DigestRenderer
from .formats import iso, uk_datetime
from .html import Markup, data_table, escape, header_row, join, tag
from .view_base import DIGEST_STATUS_WORDS, PUBLIC_DIGEST_STATUSES, TEMPLATES, Page, ViewContext, text, viewer_note

# --------------------------------------------------------------------------- digests


def visible_digest_statuses(viewer: Viewer) -> tuple[str, ...] | None:
    """Posted digests for everyone; drafts and failures only for admins (None = every status)."""
    return None if viewer.is_admin else PUBLIC_DIGEST_STATUSES


def digests(items: list[DigestRef], ctx: ViewContext) -> Page:
    if not items:
        listing = tag("p", "No digests have been posted yet.", class_="muted")
    else:
        rows = join(
            tag(
                "tr",
                tag(
                    "th",
                    tag("a", f"Digest {d.period_key}", href=ctx.url(f"/digests/{quote(d.period_key, safe='')}")),
                    scope="row",
                )
                + tag("td", DIGEST_STATUS_WORDS.get(d.status, d.status))
                + tag("td", Markup(f'<time datetime="{escape(iso(d.at))}">{escape(uk_datetime(d.at, ctx.tz))}</time>')),
            )
            for d in items
        )
        listing = data_table("Digests, newest first", header_row("Digest", "Status", "Posted or created"), rows)
    return Page("Digests", TEMPLATES.render("digests", viewer_note=viewer_note(ctx), listing=listing))


def digest(d: DigestFull, ctx: ViewContext) -> Page:
    content = d.content or {}
    title = str(content.get("title") or f"Digest {d.period_key}")
    meta_rows = [("Status", DIGEST_STATUS_WORDS.get(d.status, d.status))]
    if d.posted_at:
        meta_rows.append(("Posted", uk_datetime(d.posted_at, ctx.tz)))
    else:
        meta_rows.append(("Created", uk_datetime(d.created_at, ctx.tz)))
    if d.approved_by and ctx.viewer.is_admin:
        meta_rows.append(("Approved by", d.approved_by))
    meta = tag("dl", join(tag("div", tag("dt", k) + tag("dd", v)) for k, v in meta_rows), class_="facts")
    intro_text = d.intro or str(content.get("intro") or "")
    renderer = DigestRenderer(may_see_missing=may_see_missing_updates(ctx.viewer), project_url=ctx.project_url)
    html = TEMPLATES.render(
        "digest",
        digests_url=ctx.url("/digests"),
        period=d.period_key,
        title=title,
        viewer_note=viewer_note(ctx),
        subtitle=str(content.get("subtitle") or f"Update cycle {d.period_key}"),
        meta=meta,
        intro=tag("div", text(intro_text), class_="digest-intro") if intro_text.strip() else "",
        body=renderer.render(content),
    )
    return Page(title, html)
