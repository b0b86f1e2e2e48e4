"""The message extension ("Find a project") and link unfurling: Teams' `composeExtension/*` invokes,
answered in the invoke response (no message is sent).

- `composeExtension/query`: what was typed in the search box (or nothing, on opening it) → matching
  projects, each a status card (what Teams inserts when one is chosen) with a thumbnail `preview`.
- `composeExtension/selectItem`: Teams sends it for a result whose preview has a `tap` of type invoke
  (value `{"projectRef": ref}`) → that project's status card, freshly read. Our previews carry no tap:
  the Agents Playground (0.2.28) refuses a result list with one ("tap action is not supported yet") and
  shows an error instead of the results, and without one Teams inserts the result's own card, read a
  moment earlier. The invoke is still answered for a host or a client that sends it.
- `composeExtension/queryLink`: a pasted dashboard link → the project's (or the programme's) card.
- `composeExtension/anonymousQueryLink`: the same for someone Teams does not identify → name, ref, RAG
  and a link only.

Payload shapes are those in Microsoft's "Respond to search command" and "Link unfurling" pages. Whatever
arrives that is not ours — another command id or parameter, an unknown item, a URL on another host, an
unreadable value, a `composeExtension/*` invoke we do not offer — is answered 200 with an empty result:
Teams shows "no results" instead of an error, and the person can type on. Cards are always the public
staff view (`services.project_cards`), whoever asks and wherever the card goes.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.schema import Activity

from cards import status as status_cards
from programme.project_search import read_dashboard_link
from services import project_cards
from services.context import AppContext

log = logging.getLogger("dfbot.extension")

PREFIX = "composeExtension/"
QUERY = "composeExtension/query"
SELECT_ITEM = "composeExtension/selectItem"
QUERY_LINK = "composeExtension/queryLink"
ANONYMOUS_QUERY_LINK = "composeExtension/anonymousQueryLink"
SEARCH_COMMAND = status_cards.SEARCH_COMMAND
SEARCH_PARAMETER = "project"  # the manifest's parameter name
INITIAL_RUN = "initialRun"  # the parameter Teams sends when the extension opens (manifest `initialRun`)
TAP_KEY = "projectRef"  # what `composeExtension/selectItem` carries: a preview tap's value, {"projectRef": ref}
MAX_SKIP = 1000


def handles(name: Any) -> bool:
    return isinstance(name, str) and name.startswith(PREFIX)


def result(attachments: list[dict[str, Any]]) -> dict[str, Any]:
    """A `composeExtension` result (also the empty answer to anything not ours)."""
    return {"composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": attachments}}


async def answer(app: AppContext, activity: Activity) -> dict[str, Any]:
    """The invoke response body for a `composeExtension/*` invoke."""
    name = str(activity.name or "")
    value = activity.value if isinstance(activity.value, dict) else None
    handler = _HANDLERS.get(name)
    if handler is None or value is None:
        log.info("message extension: nothing to do for %r", name[:60])
        return result([])
    body = await handler(app, activity, value)
    log.info("message extension %s: %d result(s)", name, len(body["composeExtension"]["attachments"]))
    return body


# --- search ------------------------------------------------------------------------------------


def read_query(value: dict[str, Any]) -> tuple[str, int, int] | None:
    """(search text, skip, count) from a query's `value`, or None when it is not our command's.

    An absent command id or parameter name is ours (there is one of each); a different one is not.
    The opening query (`initialRun`) and an empty or null value search for nothing in particular."""
    command = value.get("commandId")
    if command is not None and command != SEARCH_COMMAND:
        return None
    parameters = value.get("parameters", [])
    if parameters is None:
        parameters = []
    if not isinstance(parameters, list):
        return None
    text = ""
    for p in parameters:
        if not isinstance(p, dict):
            return None
        name, given = p.get("name"), p.get("value")
        if name == INITIAL_RUN:
            continue
        if name is not None and name != SEARCH_PARAMETER:
            return None
        if given is None:
            continue
        if not isinstance(given, (str, int, float)) or isinstance(given, bool):
            return None
        text = str(given)
    raw_options = value.get("queryOptions")
    options: dict[str, Any] = raw_options if isinstance(raw_options, dict) else {}
    return (
        text,
        _bounded(options.get("skip"), 0, MAX_SKIP, 0),
        _bounded(options.get("count"), 1, project_cards.PAGE_SIZE, project_cards.PAGE_SIZE),
    )


def _bounded(value: Any, low: int, high: int, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return default
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


async def _query(app: AppContext, activity: Activity, value: dict[str, Any]) -> dict[str, Any]:
    read = read_query(value)
    if read is None:
        log.info("message extension: not our command or parameter")
        return result([])
    text, skip, count = read
    sender = activity.from_property
    found = await project_cards.search(
        app.db,
        text,
        aad_object_id=getattr(sender, "aad_object_id", None) if sender else None,
        skip=skip,
        count=count,
        now=app.now(),
        tz=app.settings.timezone,
    )
    return result([_attachment(app, s) for s in found])


async def _select_item(app: AppContext, activity: Activity, value: dict[str, Any]) -> dict[str, Any]:
    ref = value.get(TAP_KEY)
    if not isinstance(ref, str) or not 0 < len(ref) <= 64:
        return result([])
    found = await project_cards.by_ref(app.db, ref, now=app.now(), tz=app.settings.timezone)
    return result([_attachment(app, found)] if found else [])


def _attachment(app: AppContext, status) -> dict[str, Any]:
    settings = app.settings
    today = app.now().astimezone(ZoneInfo(settings.timezone)).date()
    card = status_cards.status_card(
        status,
        public_base_url=settings.public_base_url,
        bot_app_id=settings.app_id.strip(),
        tz=settings.timezone,
        today=today,
    )
    return {
        "contentType": status_cards.CARD,
        "content": card,
        "preview": status_cards.preview(status, tz=settings.timezone),
    }


# --- link unfurling ----------------------------------------------------------------------------


async def _query_link(app: AppContext, activity: Activity, value: dict[str, Any]) -> dict[str, Any]:
    return await _unfurl(app, value, anonymous=False)


async def _anonymous_query_link(app: AppContext, activity: Activity, value: dict[str, Any]) -> dict[str, Any]:
    return await _unfurl(app, value, anonymous=True)


async def _unfurl(app: AppContext, value: dict[str, Any], *, anonymous: bool) -> dict[str, Any]:
    settings = app.settings
    url = value.get("url")
    link = read_dashboard_link(url if isinstance(url, str) else "", settings.public_base_url)
    if link is None:
        log.info("link unfurling: not one of our links")
        return result([])
    base = settings.public_base_url
    if not link.ref:
        if anonymous:
            return result(
                [
                    {
                        "contentType": status_cards.CARD,
                        "content": status_cards.anonymous_portfolio_card(public_base_url=base),
                        "preview": status_cards.anonymous_portfolio_preview(),
                    }
                ]
            )
        seen = await project_cards.portfolio(app.db, now=app.now(), tz=settings.timezone)
        return result(
            [
                {
                    "contentType": status_cards.CARD,
                    "content": status_cards.portfolio_card(seen.active, seen.by_rag, public_base_url=base),
                    "preview": status_cards.portfolio_preview(seen.active),
                }
            ]
        )
    found = await project_cards.by_ref(app.db, link.ref, now=app.now(), tz=settings.timezone)
    if found is None:
        return result([])
    if anonymous:
        return result(
            [
                {
                    "contentType": status_cards.CARD,
                    "content": status_cards.anonymous_card(found, public_base_url=base),
                    "preview": status_cards.anonymous_preview(found),
                }
            ]
        )
    return result([_attachment(app, found)])


_HANDLERS = {
    QUERY: _query,
    SELECT_ITEM: _select_item,
    QUERY_LINK: _query_link,
    ANONYMOUS_QUERY_LINK: _anonymous_query_link,
}
