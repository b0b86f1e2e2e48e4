"""The pages the Teams app package links to: `/` (website), `/privacy` and `/terms`.

Teams shows the manifest's `websiteUrl`, `privacyUrl` and `termsOfUseUrl` in the app's details, and
the package (dfbot/package.py) points them at the bot's own host by default. So the bot serves them:
the privacy notice is the one the bot shows in Teams (`privacy`), the terms of use are the short
terms in programme/privacy.py. A council that publishes its own pages passes their addresses to the
package instead (`--website-url`, `--privacy-url`, `--terms-url`). Public, static, no sign-in.
"""

from __future__ import annotations

import re
from html import escape

from aiohttp import web

from programme.privacy import PRIVACY_NOTICE, TERMS_OF_USE

PATHS = {"website": "/", "privacy": "/privacy", "terms": "/terms"}
_STYLE = (
    "body{font-family:'Segoe UI',system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1b1b1b}a{color:#0f5499}"
)
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ABOUT = (
    "**The Digital First bot**\n\n"
    "A Microsoft Teams app for the council's Digital First programme. In Teams it:\n\n"
    "- answers questions about the programme's projects in plain English;\n"
    "- collects status updates from project leads on a schedule, and reminds them politely;\n"
    "- posts a digest of the programme to the Digital Leadership Group.\n\n"
    "It is for the council's staff and is used inside Teams: find **Digital First** under Apps, or ask the "
    "programme office."
)


def _inline(text: str) -> str:
    """**bold** and *italic* in already escaped text."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", text)


def markdown(text: str) -> tuple[str, str]:
    """(title, body HTML) of the bot's short Markdown texts: the first bold paragraph is the title,
    paragraphs and `- ` lists are kept; everything is escaped first."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title = blocks[0].strip("*") if blocks and blocks[0].startswith("**") else "Digital First bot"
    html = []
    for block in blocks[1:] if blocks and blocks[0].startswith("**") else blocks:
        lines = block.splitlines()
        if all(line.startswith("- ") for line in lines):
            html.append("<ul>" + "".join(f"<li>{_inline(escape(line[2:]))}</li>" for line in lines) + "</ul>")
        else:
            html.append(f"<p>{_inline(escape(' '.join(lines)))}</p>")
    return title, "".join(html)


def _page(text: str, *, links: bool = True) -> web.Response:
    title, body = markdown(text)
    nav = (
        '<nav><a href="/">About</a> · <a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></nav>'
        if links
        else ""
    )
    document = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{_STYLE}</style>'
        f"</head><body><header>{nav}</header><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return web.Response(text=document, content_type="text/html", headers=_HEADERS)


def register_routes(app: web.Application) -> None:
    async def website(_request: web.Request) -> web.Response:
        return _page(ABOUT)

    async def privacy(_request: web.Request) -> web.Response:
        return _page(PRIVACY_NOTICE)

    async def terms(_request: web.Request) -> web.Response:
        return _page(TERMS_OF_USE)

    app.router.add_get(PATHS["website"], website)
    app.router.add_get(PATHS["privacy"], privacy)
    app.router.add_get(PATHS["terms"], terms)
