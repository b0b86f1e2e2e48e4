"""What every dashboard page shares: the `Page` it returns, the `ViewContext` it is built for (viewer, time
zone, links), the templates, the viewer's note and the message page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from programme.access import Viewer, may_see_sensitive

from .html import Markup, Templates, tag

TEMPLATES = Templates()
STATUS_WORDS = {"active": "Active", "paused": "Paused", "closed": "Closed", "retired": "Retired"}
DIGEST_STATUS_WORDS = {
    "posted": "Posted",
    "sending": "Being posted",
    "draft": "Draft (not approved)",
    "approved": "Approved, not yet posted",
    "failed": "Posting failed",
    "needs_admin": "Needs an admin",
}
PUBLIC_DIGEST_STATUSES = ("posted",)


@dataclass(frozen=True)
class Page:
    title: str
    html: Markup
    status: int = 200


@dataclass(frozen=True)
class ViewContext:
    viewer: Viewer
    base: str = "/dashboard"
    tz: str = "Europe/London"
    now: datetime | None = None
    theme: str = ""  # kept on links so a Teams theme survives navigation
    local_mode: bool = False

    @property
    def today(self) -> date:
        return (self.now or datetime.now(ZoneInfo(self.tz))).astimezone(ZoneInfo(self.tz)).date()

    def url(self, path: str = "", query: Mapping[str, str] | None = None) -> str:
        q = dict(query or {})
        if self.theme:
            q["theme"] = self.theme
        return f"{self.base}{path}" + (f"?{urlencode(q)}" if q else "")

    def project_url(self, ref: str) -> str:
        return self.url(f"/projects/{quote(ref, safe='')}")


def viewer_note(ctx: ViewContext) -> Markup:
    v = ctx.viewer
    if may_see_sensitive(v):
        who = "Local mode, on this machine" if ctx.local_mode else f"Signed in as {v.name or 'an admin'}"
        role = "admin" if v.is_admin else "DLG member"
        text = f"{who} ({role} view): sensitive risks and who has not updated are included."
    else:
        who = "Local mode" if ctx.local_mode else f"Signed in as {v.name or 'a member of staff'}"
        text = f"{who} (staff view): sensitive risks and who has not updated are shown to admins and DLG members only."
    return tag("p", text, class_="viewer-note")


def message(title: str, text: str, status: int, more: Markup | str = "") -> Page:
    return Page(title, TEMPLATES.render("message", title=title, text=text, more=more), status)


def text(value: str) -> Markup:
    """Free text someone wrote, as a paragraph (escaped; its line breaks kept by the stylesheet)."""
    return tag("p", value, class_="text")


def text_or(value: str, empty: str) -> Markup:
    """The text, or a muted word for its absence."""
    return text(value) if (value or "").strip() else tag("p", empty, class_="muted")
