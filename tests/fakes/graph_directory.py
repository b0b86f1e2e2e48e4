"""The directory half of the local Graph test server: users, the Teams app installed for a user, the
1:1 chat that installation opens, JSON batching, and Entra ID's resource-unit throttling.

Why this exists: the bot looks people up with application permissions (`User.Read.All`), finds
leavers (`accountEnabled` false, or a 404 for an object id), and installs itself for a lead it cannot
reach (`TeamsAppInstallation.ReadWriteSelfForUser.All`). None of that can be exercised against the real
tenant from a test, and the parts that go wrong in production — `accountEnabled` missing unless
`$select` names it, a `$filter` with an apostrophe, 429 inside a `$batch`, a 409 for an app that is
already installed — need a server that answers the way Graph does.

Sources (checked 2026): Graph v1.0 reference pages "Get user", "List users" (`$filter` on `mail` and
`proxyAddresses/any(...)`, default properties without `accountEnabled`), "Install app for user"
(201, no body), "List apps installed for user" (`$expand=teamsApp`, `$filter=teamsApp/id eq '…'`),
"Get chat between user and app"; "JSON batching" (at most 20 requests, relative URLs, answers in any
order, each evaluated against throttling on its own); "Service-specific throttling limits", section
"Identity and access service limits" (a token bucket of ResourceUnits per app and tenant: S 3,500,
M 5,000, L 8,000 per 10 seconds; `GET users` costs 2, any other identity GET 1, `$select` takes 1
off, never below 1).

Choices where Graph is not documented (kept simple, stated here):
* The bucket starts full and refills continuously; a request that does not fit is answered 429 with
  ``Retry-After`` in whole seconds (at least 1) until enough units are back, and costs nothing.
* Throttling applies to user reads only; installs and chats are limited only by `fail_next`.
* Answers inside a `$batch` come back in reverse order (Graph promises no order).
* A 409 for an app installed twice has the code ``Conflict``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from aiohttp import web

if TYPE_CHECKING:
    from .graph import FakeGraph

JSON = dict[str, Any]
DIRECTORY_ROLES = frozenset({"User.Read.All", "TeamsAppInstallation.ReadWriteSelfForUser.All"})
DEFAULT_PROPERTIES = (
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
)
MAX_BATCH = 20
_FILTER = re.compile(
    r"^\s*(?:(?P<prop>mail|userPrincipalName)\s+eq\s+'(?P<value>(?:[^']|'')*)'"
    r"|proxyAddresses/any\((?P<var>\w+):\s*(?P=var)\s+eq\s+'(?P<proxy>(?:[^']|'')*)'\))\s*$",
    re.IGNORECASE,
)
_APP_FILTER = re.compile(r"^\s*teamsApp/id\s+eq\s+'(?P<id>[^']*)'\s*$", re.IGNORECASE)
Answer = tuple[int, dict[str, str], Any]


class ResourceBucket:
    """Entra ID's token bucket of ResourceUnits: `capacity` units, refilled evenly over `seconds`."""

    def __init__(self, capacity: int, seconds: float, clock: Callable[[], float]) -> None:
        self.capacity, self.rate, self.clock = capacity, capacity / seconds, clock
        self.tokens, self.at = float(capacity), clock()

    def take(self, cost: int) -> float | None:
        """None when the request fits (the units are spent), else the seconds until it would."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= cost:
            self.tokens -= cost
            return None
        return (cost - self.tokens) / self.rate


@dataclass
class Install:
    id: str
    user_id: str
    app_id: str
    chat_id: str


def error(status: int, code: str, message: str) -> Answer:
    request_id = str(uuid.uuid4())
    return (
        status,
        {"Content-Type": "application/json", "request-id": request_id},
        {
            "error": {
                "code": code,
                "message": message,
                "innerError": {"request-id": request_id, "client-request-id": request_id},
            }
        },
    )


def _unquote_literal(value: str) -> str:
    return value.replace("''", "'")


class FakeDirectory:
    """Users, installed apps and chats, answered directly or inside `$batch`. Owned by `FakeGraph`."""

    def __init__(self, graph: FakeGraph) -> None:
        self.graph = graph
        self.users: dict[str, JSON] = {}
        self.catalog: dict[str, JSON] = {}
        self.installs: dict[tuple[str, str], Install] = {}
        self.bucket: ResourceBucket | None = None
        self.on_install: Callable[[JSON, str], Any] | None = None
        self.units_spent = 0
        self.throttled = 0
        self.reads = 0  # user reads answered (any status but 429)
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ configuration

    def add_user(
        self,
        display_name: str,
        upn: str,
        *,
        mail: str | None = "",
        proxy: tuple[str, ...] = (),
        job_title: str | None = None,
        enabled: bool = True,
        id: str | None = None,
    ) -> JSON:  # noqa: A002  # the parameter is named as in Graph's API
        """A member of the tenant. `mail` defaults to the UPN; `proxy` are extra SMTP addresses."""
        user_id = id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"fake-user:{upn.lower()}"))
        mail = upn if mail == "" else mail
        first, _, last = display_name.partition(" ")
        addresses = ([f"SMTP:{mail}"] if mail else []) + [f"smtp:{a}" for a in proxy]
        user = {
            "id": user_id,
            "displayName": display_name,
            "givenName": first or None,
            "surname": last or None,
            "jobTitle": job_title,
            "mail": mail,
            "userPrincipalName": upn,
            "accountEnabled": enabled,
            "proxyAddresses": addresses,
            "businessPhones": [],
            "mobilePhone": None,
            "officeLocation": None,
            "preferredLanguage": "en-GB",
        }
        self.users[user_id] = user
        return user

    def disable(self, user_id: str) -> None:
        self.users[user_id]["accountEnabled"] = False

    def delete(self, user_id: str) -> None:
        """Deleted: a 404 by id, and gone from every search (Graph's soft-delete bin is not searched)."""
        del self.users[user_id]

    def add_catalog_app(self, app_id: str, external_id: str = "", display_name: str = "Digital First") -> None:
        """A Teams app in the tenant's catalogue (`app_id` is the catalogue id, not the manifest id)."""
        self.catalog[app_id] = {
            "id": app_id,
            "externalId": external_id or str(uuid.uuid4()),
            "displayName": display_name,
            "distributionMethod": "organization",
        }

    def throttle(self, capacity: int, seconds: float) -> None:
        """Limit user reads to `capacity` ResourceUnits per `seconds` (Graph: e.g. 8,000 per 10 s)."""
        self.bucket = ResourceBucket(capacity, seconds, self.graph.clock)

    def installed(self, user_id: str) -> list[Install]:
        return [i for (uid, _), i in self.installs.items() if uid == user_id]

    # ------------------------------------------------------------------ HTTP

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1.0/$batch", self._batch)
        app.router.add_route("*", "/v1.0/users{tail:.*}", self._direct)

    async def _direct(self, request: web.Request) -> web.Response:
        refused = self.graph._auth_error(request)
        if refused is not None:
            return refused
        body = await request.json() if request.body_exists and request.content_type == "application/json" else None
        path = request.path[len("/v1.0") :]
        status, headers, payload = await self.answer(
            request.method, path, dict(request.query), body, self.graph.token_of(request)
        )
        if payload is None:
            return web.Response(status=status, headers=headers)
        return web.json_response(
            payload, status=status, headers={k: v for k, v in headers.items() if k.lower() != "content-type"}
        )

    async def _batch(self, request: web.Request) -> web.Response:
        refused = self.graph._auth_error(request)
        if refused is not None:
            return refused
        fault = self.graph._take_fault("POST", "/$batch")
        if fault is not None and fault.status is not None:
            return self.graph.fault_response(fault)
        try:
            payload = await request.json()
            items = payload["requests"]
            assert isinstance(items, list) and all(isinstance(i, dict) for i in items)
        except (ValueError, KeyError, TypeError, AssertionError):
            return _response(error(400, "BadRequest", "Invalid batch payload format."))
        if not items or len(items) > MAX_BATCH:
            return _response(error(400, "BadRequest", f"The number of requests in a batch must be 1 to {MAX_BATCH}."))
        ids = [str(i.get("id", "")) for i in items]
        if len(set(ids)) != len(ids) or not all(ids):
            return _response(error(400, "BadRequest", "Every request in a batch needs a unique id."))
        token = self.graph.token_of(request)
        answers = []
        for item in items:
            url = str(item.get("url", ""))
            if "://" in url:  # what msgraph-core's BatchRequestItem sends unless told otherwise
                status, headers, body = error(400, "BadRequest", f"Resource not found for the segment '{url[:60]}'.")
            else:
                parts = urlsplit("/" + url.lstrip("/"))
                status, headers, body = await self.answer(
                    str(item.get("method", "GET")).upper(),
                    parts.path,
                    dict(parse_qsl(parts.query)),
                    item.get("body"),
                    token,
                )
            answers.append({"id": item["id"], "status": status, "headers": headers, **({"body": body} if body else {})})
        return web.json_response({"responses": list(reversed(answers))})

    # ------------------------------------------------------------------ the operations

    async def answer(self, method: str, path: str, query: dict[str, str], body: Any, token: str) -> Answer:
        """One request, direct or from a batch: (status, headers, JSON body or None)."""
        segments = [unquote(s) for s in path.strip("/").split("/")]
        if segments[0] != "users":
            return error(400, "BadRequest", f"Resource not found for the segment '{segments[0]}'.")
        fault = self.graph._take_fault(method, path)
        if fault is not None and fault.status is not None:
            response = self.graph.fault_response(fault)
            headers = {"Content-Type": "application/json"}
            if fault.retry_after is not None:
                headers["Retry-After"] = fault.retry_after
            return fault.status, headers, _json_of(response)
        if len(segments) <= 2 and method == "GET":
            return self._read_users(segments, query, token)
        if len(segments) >= 4 and segments[2:4] == ["teamwork", "installedApps"]:
            return await self._teamwork(method, segments, query, body, token)
        return error(405, "MethodNotAllowed", "The method is not allowed for this resource.")

    def _read_users(self, segments: list[str], query: dict[str, str], token: str) -> Answer:
        if "User.Read.All" not in self.graph.roles_of(token):
            return error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        select = [s.strip() for s in query.get("$select", "").split(",") if s.strip()]
        cost = max(1, (2 if len(segments) == 1 else 1) - (1 if select else 0))
        if self.bucket is not None and (wait := self.bucket.take(cost)) is not None:
            self.throttled += 1
            status, headers, body = error(
                429, "TooManyRequests", "Too many requests. Retry after the time in the Retry-After header."
            )
            return status, {**headers, "Retry-After": str(max(1, math.ceil(wait)))}, body
        self.units_spent += cost
        self.reads += 1
        if len(segments) == 2:
            user = self._find(segments[1])
            if user is None:
                return error(
                    404,
                    "Request_ResourceNotFound",
                    f"Resource '{segments[1]}' does not exist or one of its queried reference-property "
                    "objects are not present.",
                )
            return (
                200,
                {"Content-Type": "application/json"},
                {"@odata.context": f"{self.graph.base_url}/$metadata#users/$entity", **_shape(user, select)},
            )
        found = self._filter(query.get("$filter", ""))
        if isinstance(found, tuple):
            return found
        return (
            200,
            {"Content-Type": "application/json"},
            {"@odata.context": f"{self.graph.base_url}/$metadata#users", "value": [_shape(u, select) for u in found]},
        )

    def _find(self, key: str) -> JSON | None:
        if key in self.users:
            return self.users[key]
        return next((u for u in self.users.values() if u["userPrincipalName"].lower() == key.lower()), None)

    def _filter(self, text: str) -> list[JSON] | Answer:
        match = _FILTER.match(text)
        if not match:
            return error(400, "Request_UnsupportedQuery", f"Unsupported or invalid query filter clause: {text[:80]}")
        if match["prop"]:
            wanted, prop = _unquote_literal(match["value"]).lower(), match["prop"]
            prop = "mail" if prop.lower() == "mail" else "userPrincipalName"
            return [u for u in self.users.values() if (u.get(prop) or "").lower() == wanted]
        wanted = _unquote_literal(match["proxy"]).lower()
        return [u for u in self.users.values() if wanted in (a.lower() for a in u["proxyAddresses"])]

    async def _teamwork(self, method: str, segments: list[str], query: dict[str, str], body: Any, token: str) -> Answer:
        if "TeamsAppInstallation.ReadWriteSelfForUser.All" not in self.graph.roles_of(token):
            return error(
                403,
                "Forbidden",
                "Missing role permissions on the request. API requires one of "
                "'TeamsAppInstallation.ReadWriteSelfForUser.All'.",
            )
        user = self._find(segments[1])
        if user is None:
            return error(404, "NotFound", f"User {segments[1]} was not found.")
        if method == "POST" and len(segments) == 4:
            return await self._install(user, body)
        if method == "GET" and len(segments) == 4:
            return self._list_installed(user, query)
        if method == "GET" and len(segments) == 6 and segments[5] == "chat":
            install = next((i for i in self.installed(user["id"]) if i.id == segments[4]), None)
            if install is None:
                return error(404, "NotFound", "The app installation was not found.")
            return (
                200,
                {"Content-Type": "application/json"},
                {
                    "@odata.context": f"{self.graph.base_url}/$metadata#chats/$entity",
                    "id": install.chat_id,
                    "topic": None,
                    "chatType": "oneOnOne",
                    "tenantId": self.graph.tenant,
                    "webUrl": f"https://teams.microsoft.com/l/chat/{install.chat_id}/0",
                },
            )
        return error(405, "MethodNotAllowed", "The method is not allowed for this resource.")

    async def _install(self, user: JSON, body: Any) -> Answer:
        bind = body.get("teamsApp@odata.bind", "") if isinstance(body, dict) else ""
        app_id = bind.rstrip("/").rpartition("/")[2] if "/appCatalogs/teamsApps/" in bind else ""
        if not app_id:
            return error(400, "BadRequest", "The teamsApp@odata.bind property is required.")
        if app_id not in self.catalog:
            return error(404, "NotFound", f"The app {app_id} was not found in the app catalog.")
        if (user["id"], app_id) in self.installs:
            return error(409, "Conflict", "App is already installed for this user.")
        install = Install(
            f"inst-{next(self._ids)}",
            user["id"],
            app_id,
            f"19:{user['id']}_{self.catalog[app_id]['externalId']}@unq.gbl.spaces",
        )
        self.installs[(user["id"], app_id)] = install
        if self.on_install is not None:
            outcome = self.on_install(user, install.chat_id)
            if hasattr(outcome, "__await__"):
                await outcome
        return 201, {}, None

    def _list_installed(self, user: JSON, query: dict[str, str]) -> Answer:
        installs = self.installed(user["id"])
        if query.get("$filter"):
            match = _APP_FILTER.match(query["$filter"])
            if not match:
                return error(400, "BadRequest", "Invalid filter clause.")
            installs = [i for i in installs if i.app_id == match["id"]]
        expand = "teamsApp" in query.get("$expand", "")
        value = [{"id": i.id, **({"teamsApp": self.catalog[i.app_id]} if expand else {})} for i in installs]
        return (
            200,
            {"Content-Type": "application/json"},
            {
                "@odata.context": f"{self.graph.base_url}/$metadata#users('{user['id']}')/teamwork/installedApps",
                "value": value,
            },
        )


def _shape(user: JSON, select: list[str]) -> JSON:
    """What Graph returns: the `$select`ed properties, or the default set (no `accountEnabled`)."""
    return {k: user.get(k) for k in (select or DEFAULT_PROPERTIES)}


def _json_of(response: web.Response) -> Any:
    return json.loads(response.text) if response.text else None


def _response(answer: Answer) -> web.Response:
    status, headers, body = answer
    return web.json_response(
        body, status=status, headers={k: v for k, v in headers.items() if k.lower() != "content-type"}
    )
