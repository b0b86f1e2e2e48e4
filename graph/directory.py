"""The council's directory through Graph, with application permissions (the `Directory` port).

Emails are looked up by user principal name (`GET /users/{upn}`), then `mail` and then any proxy
address (`GET /users?$filter=…`); people found before are checked by object id (`GET /users/{id}`,
404 = deleted). Every read names its properties with `$select`: `accountEnabled` is not among the
ones Graph returns by default, and `$select` also makes each read cost one resource unit instead of
two. Reads go twenty to a `$batch` (graph/batching.py). Installing the app for a user and reading
the 1:1 chat it opens are single calls with the same retry rules; a 409 on install means the app is
already there, which is what was wanted.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
from azure.core.exceptions import ClientAuthenticationError
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.request_information import RequestInformation
from msgraph import GraphServiceClient
from msgraph.generated.models.user_scope_teams_app_installation import UserScopeTeamsAppInstallation
from msgraph.generated.users.item.teamwork.installed_apps.installed_apps_request_builder import (
    InstalledAppsRequestBuilder,
)
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder
from msgraph.generated.users.users_request_builder import UsersRequestBuilder

from infra.config import Settings
from programme.directory import (
    BY_ID,
    BY_MAIL,
    BY_UPN,
    EMAIL_ORDER,
    DirectoryRefused,
    DirectoryUser,
    InstallOutcome,
    Lookup,
    filter_literal,
)
from programme.posting import RETRYABLE_STATUSES, RetryPolicy

from .app_auth import APP_SCOPES, build_app_credential
from .batching import BatchRunner, Job, Pacer, refused, retry_after_of
from .client import build_graph_client

log = logging.getLogger("dfbot.directory")
USER_FIELDS = ["id", "displayName", "jobTitle", "accountEnabled", "mail", "userPrincipalName"]
T = TypeVar("T")


class GraphDirectory:
    def __init__(
        self,
        client: GraphServiceClient,
        http: httpx.AsyncClient,
        credential: Any,
        *,
        policy: RetryPolicy | None = None,
        pacer: Pacer | None = None,
        batch_size: int = 20,
        concurrency: int = 4,
    ) -> None:
        self.client, self._http, self._credential = client, http, credential
        self.policy = policy or RetryPolicy()
        self.pacer = pacer or Pacer()
        self.runner = BatchRunner(
            client.request_adapter, policy=self.policy, pacer=self.pacer, size=batch_size, concurrency=concurrency
        )

    async def close(self) -> None:
        """Release the HTTP client and the credential's own session (azure-identity keeps one)."""
        try:
            await self._http.aclose()
        finally:
            close = getattr(self._credential, "close", None)
            if close is not None:
                await close()

    # ------------------------------------------------------------------ people

    async def find_by_email(self, emails: list[str]) -> dict[str, Lookup]:
        results: dict[str, Lookup] = {}

        def on_answer(job: Job, status: int, body: Any) -> Job | None:
            user = (
                _user(body)
                if status == 200 and job.stage == BY_UPN
                else _first(body, job.key)
                if status == 200
                else None
            )
            if user is not None:
                results[job.key] = Lookup(job.key, user, found_by=job.stage)
                return None
            if status not in (200, 404) and not (status == 400 and job.stage == BY_UPN):
                results[job.key] = Lookup(job.key, error=f"Graph answered {status} to the {job.stage} lookup")
                return None
            following = EMAIL_ORDER.index(job.stage) + 1
            if following == len(EMAIL_ORDER):
                results[job.key] = Lookup(job.key)  # not in the directory
                return None
            return self._email_job(job.key, EMAIL_ORDER[following])

        wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))
        errors = await self.runner.run([self._email_job(e, BY_UPN) for e in wanted], on_answer)
        for key, reason in errors.items():
            results[key] = Lookup(key, error=reason)
        return results

    async def check_by_id(self, object_ids: list[str]) -> dict[str, Lookup]:
        results: dict[str, Lookup] = {}

        def on_answer(job: Job, status: int, body: Any) -> Job | None:
            if status == 200:
                results[job.key] = Lookup(job.key, _user(body), found_by=BY_ID)
            elif status == 404:
                results[job.key] = Lookup(job.key, found_by=BY_ID)  # deleted
            else:
                results[job.key] = Lookup(job.key, error=f"Graph answered {status} to the id lookup")
            return None

        wanted = list(dict.fromkeys(i for i in object_ids if i))
        errors = await self.runner.run([Job(i, BY_ID, self._user_read(i)) for i in wanted], on_answer)
        for key, reason in errors.items():
            results[key] = Lookup(key, error=reason)
        return results

    def _email_job(self, email: str, stage: str) -> Job:
        if stage == BY_UPN:
            return Job(email, stage, self._user_read(email))
        literal = filter_literal(email)
        clause = f"mail eq '{literal}'" if stage == BY_MAIL else f"proxyAddresses/any(a:a eq 'smtp:{literal}')"
        query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(select=USER_FIELDS, filter=clause)
        return Job(
            email, stage, self.client.users.to_get_request_information(RequestConfiguration(query_parameters=query))
        )

    def _user_read(self, key: str) -> RequestInformation:
        query = UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(select=USER_FIELDS)
        return self.client.users.by_user_id(key).to_get_request_information(
            RequestConfiguration(query_parameters=query)
        )

    # ------------------------------------------------------------------ the app, for one person

    async def install_app(self, object_id: str, catalog_app_id: str) -> InstallOutcome:
        """Install the bot's app in the person's personal scope (Teams then sends installationUpdate)."""
        body = UserScopeTeamsAppInstallation()
        body.additional_data = {"teamsApp@odata.bind": f"{self._root()}/appCatalogs/teamsApps/{catalog_app_id}"}
        try:
            await self._call(lambda: self.client.users.by_user_id(object_id).teamwork.installed_apps.post(body))
        except APIError as exc:
            status = exc.response_status_code or 0
            if status == 409:
                return InstallOutcome(True, already=True)
            if status == 404:
                return InstallOutcome(
                    False,
                    reason="Graph answered 404: the app is not in the tenant's app catalogue "
                    "under TEAMS_APP_CATALOG_ID, or the person's account is gone",
                )
            if status == 403:
                return InstallOutcome(
                    False,
                    reason="Graph answered 403: TeamsAppInstallation.ReadWriteSelfForUser.All "
                    "is not granted, or an app setup policy blocks the app",
                )
            return InstallOutcome(False, reason=f"Graph answered {status}: {_message(exc)}")
        except DirectoryRefused as exc:
            return InstallOutcome(False, reason=str(exc))
        return InstallOutcome(True)

    async def personal_chat_id(self, object_id: str, catalog_app_id: str) -> str | None:
        """The id of the 1:1 chat between the person and the bot, once the app is installed for them."""
        apps = self.client.users.by_user_id(object_id).teamwork.installed_apps
        query = InstalledAppsRequestBuilder.InstalledAppsRequestBuilderGetQueryParameters(
            expand=["teamsApp"], filter=f"teamsApp/id eq '{filter_literal(catalog_app_id)}'"
        )
        try:
            page = await self._call(lambda: apps.get(RequestConfiguration(query_parameters=query)))
            installs = [i for i in (page.value if page else None) or [] if i.id]
            if not installs:
                return None
            install_id = installs[0].id
            assert install_id is not None  # kept only installs with an id
            chat = await self._call(lambda: apps.by_user_scope_teams_app_installation_id(install_id).chat.get())
        except APIError as exc:
            if exc.response_status_code == 404:
                return None
            raise
        return chat.id if chat is not None and chat.id else None

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        """One call with the batch runner's rules: everyone waits out a 429, 5xx and timeouts back off
        (an install repeated after a lost answer is a 409, which counts as done)."""
        tries = 0
        while True:
            await self.pacer.ready()
            tries += 1
            try:
                return await call()
            except APIError as exc:
                status, after = exc.response_status_code or 0, retry_after_of(exc.response_headers)
                if status == 401:
                    raise refused(401) from exc
                if status not in RETRYABLE_STATUSES:
                    raise
                wait = self.policy.wait(tries, after)
                if wait is None:
                    raise
                if status == 429:
                    self.pacer.pause(wait)
                else:
                    await self.pacer.sleep(wait)
            except ClientAuthenticationError as exc:
                raise DirectoryRefused(f"The bot could not get a token for Graph: {str(exc)[:300]}") from exc
            except (httpx.TimeoutException, httpx.TransportError):
                wait = self.policy.wait(tries, None)
                if wait is None:
                    raise
                await self.pacer.sleep(wait)

    def _root(self) -> str:
        return self.client.request_adapter.base_url.rstrip("/")


def _user(body: Any) -> DirectoryUser | None:
    if not isinstance(body, dict) or not body.get("id"):
        return None
    return DirectoryUser(
        object_id=str(body["id"]),
        display_name=str(body.get("displayName") or ""),
        job_title=str(body.get("jobTitle") or ""),
        account_enabled=body.get("accountEnabled") if isinstance(body.get("accountEnabled"), bool) else None,
        mail=str(body.get("mail") or "").lower(),
        upn=str(body.get("userPrincipalName") or "").lower(),
    )


def _first(body: Any, email: str) -> DirectoryUser | None:
    """The match of a `$filter`; if several share an address, the one whose mail is it."""
    users = [u for u in (_user(v) for v in (body or {}).get("value") or []) if u is not None]
    return next((u for u in users if u.mail == email), users[0] if users else None)


def _message(exc: APIError) -> str:
    inner = getattr(exc, "error", None)
    return str(getattr(inner, "message", None) or exc.message or type(exc).__name__)[:200]


def open_directory(settings: Settings, *, timeout: float = 30.0, **transport: Any) -> GraphDirectory:
    """The directory for these settings (DIRECTORY_CREDENTIAL must be set and complete)."""
    credential = build_app_credential(settings, **transport)
    client, http = build_graph_client(settings.graph_base_url, credential, timeout=timeout, scopes=APP_SCOPES)
    return GraphDirectory(client, http, credential)
