"""The local Graph's directory answers like Graph: users by UPN, mail and proxy address, `$select`,
JSON batching, resource-unit throttling, app installs for a user and their 1:1 chat, app-only tokens."""

from __future__ import annotations

import aiohttp
import pytest

from tests.fakes.connector import ManualClock
from tests.fakes.graph import DEFAULT_TOKEN, FakeGraph

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
APP = "11111111-aaaa-bbbb-cccc-000000000001"


@pytest.fixture
async def graph():
    async with FakeGraph(clock=ManualClock()) as g:
        g.directory.add_user("Priya Sharma", "priya.sharma@council.example", job_title="Head of Digital")
        g.directory.add_user(
            "Sam O'Neill",
            "sam.oneill@council.example",
            mail="s.o'neill@council.example",
            proxy=("sam@old-council.example",),
        )
        yield g


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as s:
        yield s


async def get(http, graph, path: str, **params) -> tuple[int, dict, dict]:
    async with http.get(f"{graph.base_url}{path}", params=params, headers=AUTH) as r:
        return r.status, dict(r.headers), await r.json()


async def test_a_user_by_upn_returns_account_enabled_only_when_selected(graph, http):
    status, _, default = await get(http, graph, "/users/PRIYA.SHARMA@council.example")
    assert status == 200 and default["displayName"] == "Priya Sharma" and "accountEnabled" not in default
    status, _, chosen = await get(
        http, graph, "/users/priya.sharma@council.example", **{"$select": "id,displayName,jobTitle,accountEnabled"}
    )
    assert chosen["accountEnabled"] is True and chosen["jobTitle"] == "Head of Digital"
    assert set(chosen) == {"@odata.context", "id", "displayName", "jobTitle", "accountEnabled"}


async def test_an_unknown_user_is_a_404_with_graphs_code(graph, http):
    status, _, body = await get(http, graph, "/users/nobody@council.example")
    assert status == 404 and body["error"]["code"] == "Request_ResourceNotFound"


async def test_mail_and_proxy_address_filters_find_people_whose_upn_differs(graph, http):
    _, _, by_mail = await get(http, graph, "/users", **{"$filter": "mail eq 's.o''neill@council.example'"})
    _, _, by_proxy = await get(
        http, graph, "/users", **{"$filter": "proxyAddresses/any(x:x eq 'SMTP:Sam@Old-Council.example')"}
    )
    assert [u["displayName"] for u in by_mail["value"]] == ["Sam O'Neill"]
    assert [u["displayName"] for u in by_proxy["value"]] == ["Sam O'Neill"]
    status, _, bad = await get(http, graph, "/users", **{"$filter": "startswith(displayName,'S')"})
    assert status == 400 and bad["error"]["code"] == "Request_UnsupportedQuery"


async def test_disabled_and_deleted_users(graph, http):
    priya = next(u for u in graph.directory.users.values() if u["displayName"] == "Priya Sharma")
    graph.directory.disable(priya["id"])
    _, _, body = await get(http, graph, f"/users/{priya['id']}", **{"$select": "accountEnabled"})
    assert body["accountEnabled"] is False
    graph.directory.delete(priya["id"])
    status, _, _ = await get(http, graph, f"/users/{priya['id']}")
    assert status == 404


async def test_throttling_spends_resource_units_and_a_429_costs_nothing(graph, http):
    graph.directory.throttle(2, 1.0)  # 2 units a second
    statuses = [
        (await get(http, graph, "/users/priya.sharma@council.example", **{"$select": "id"}))[:2] for _ in range(3)
    ]
    assert [s for s, _ in statuses] == [200, 200, 429] and statuses[2][1]["Retry-After"] == "1"
    _, _, listed = await get(http, graph, "/users", **{"$filter": "mail eq 'x@y.z'"})  # 2 units, no $select
    assert "error" in listed
    graph.clock.advance(1.0)
    assert (await get(http, graph, "/users", **{"$filter": "mail eq 'x@y.z'"}))[0] == 200  # cost 2 fits again
    assert graph.directory.units_spent == 4 and graph.directory.throttled == 2


async def test_a_batch_answers_each_request_in_any_order_and_checks_its_shape(graph, http):
    requests = [
        {"id": "1", "method": "GET", "url": "/users/priya.sharma@council.example?$select=id,accountEnabled"},
        {"id": "2", "method": "GET", "url": "users/nobody@council.example"},
        {"id": "3", "method": "GET", "url": f"{graph.base_url}/users/priya.sharma@council.example"},
    ]
    async with http.post(f"{graph.base_url}/$batch", json={"requests": requests}, headers=AUTH) as r:
        body = await r.json()
    assert r.status == 200 and [a["id"] for a in body["responses"]] == ["3", "2", "1"]
    answers = {a["id"]: a for a in body["responses"]}
    assert answers["1"]["status"] == 200 and answers["1"]["body"]["accountEnabled"] is True
    assert answers["2"]["status"] == 404
    assert answers["3"]["status"] == 400  # absolute URLs are refused, as by Graph
    too_many = [{"id": str(i), "method": "GET", "url": "/users/x"} for i in range(21)]
    async with http.post(f"{graph.base_url}/$batch", json={"requests": too_many}, headers=AUTH) as r:
        assert r.status == 400


async def test_inside_a_batch_each_request_is_throttled_on_its_own(graph, http):
    graph.directory.throttle(3, 10.0)
    requests = [
        {"id": str(i), "method": "GET", "url": "/users/priya.sharma@council.example?$select=id"} for i in range(5)
    ]
    async with http.post(f"{graph.base_url}/$batch", json={"requests": requests}, headers=AUTH) as r:
        body = await r.json()
    statuses = sorted(a["status"] for a in body["responses"])
    assert statuses == [200, 200, 200, 429, 429]
    assert all(a["headers"]["Retry-After"] == "4" for a in body["responses"] if a["status"] == 429)


async def test_faults_can_target_a_path_inside_a_batch(graph, http):
    graph.fail_next(503, method="GET", path="/users/priya")
    requests = [
        {"id": "a", "method": "GET", "url": "/users/priya.sharma@council.example"},
        {"id": "b", "method": "GET", "url": "/users/priya.sharma@council.example"},
    ]
    async with http.post(f"{graph.base_url}/$batch", json={"requests": requests}, headers=AUTH) as r:
        body = await r.json()
    assert sorted(a["status"] for a in body["responses"]) == [200, 503]


async def test_installing_the_app_for_a_user_then_reading_its_chat(graph, http):
    graph.directory.add_catalog_app(APP, external_id="bot-app-id")
    opened = []
    graph.directory.on_install = lambda user, chat: opened.append((user["displayName"], chat))
    priya = next(u for u in graph.directory.users.values() if u["displayName"] == "Priya Sharma")
    url = f"{graph.base_url}/users/{priya['id']}/teamwork/installedApps"
    bind = {"teamsApp@odata.bind": f"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{APP}"}
    async with http.post(url, json=bind, headers=AUTH) as r:
        assert r.status == 201 and await r.read() == b""
    async with http.post(url, json=bind, headers=AUTH) as r:
        assert r.status == 409 and (await r.json())["error"]["code"] == "Conflict"
    async with http.post(
        url, json={"teamsApp@odata.bind": "https://x/appCatalogs/teamsApps/unknown"}, headers=AUTH
    ) as r:
        assert r.status == 404
    _, _, listed = await get(
        http,
        graph,
        f"/users/{priya['id']}/teamwork/installedApps",
        **{"$expand": "teamsApp", "$filter": f"teamsApp/id eq '{APP}'"},
    )
    [install] = listed["value"]
    assert install["teamsApp"]["id"] == APP
    _, _, chat = await get(http, graph, f"/users/{priya['id']}/teamwork/installedApps/{install['id']}/chat")
    assert chat["id"] == f"19:{priya['id']}_bot-app-id@unq.gbl.spaces" and opened == [("Priya Sharma", chat["id"])]


async def test_app_only_tokens_need_the_right_secret_scope_and_permission(graph, http):
    graph.register_app("client-1", secret="s3cret", roles={"User.Read.All"})
    token_url = f"{graph.url}/{graph.tenant}/oauth2/v2.0/token"
    form = {
        "grant_type": "client_credentials",
        "client_id": "client-1",
        "client_secret": "wrong",
        "scope": "https://graph.microsoft.com/.default",
    }
    async with http.post(token_url, data=form) as r:
        assert r.status == 401 and (await r.json())["error"] == "invalid_client"
    async with http.post(token_url, data={**form, "client_secret": "s3cret", "scope": "User.Read.All"}) as r:
        assert r.status == 400 and (await r.json())["error"] == "invalid_scope"
    async with http.post(token_url, data={**form, "client_secret": "s3cret"}) as r:
        token = (await r.json())["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    async with http.get(f"{graph.base_url}/users/priya.sharma@council.example", headers=headers) as r:
        assert r.status == 200
    async with http.get(
        f"{graph.base_url}/users/priya.sharma@council.example/teamwork/installedApps", headers=headers
    ) as r:
        assert r.status == 403  # TeamsAppInstallation.ReadWriteSelfForUser.All was not consented


async def test_the_app_service_managed_identity_endpoint(graph, http):
    graph.identity_header = "header-secret"
    params = {"api-version": "2019-08-01", "resource": "https://graph.microsoft.com"}
    async with http.get(graph.identity_endpoint, params=params) as r:
        assert r.status == 400
    async with http.get(graph.identity_endpoint, params=params, headers={"X-IDENTITY-HEADER": "header-secret"}) as r:
        token = (await r.json())["access_token"]
    async with http.get(
        f"{graph.base_url}/users/priya.sharma@council.example", headers={"Authorization": f"Bearer {token}"}
    ) as r:
        assert r.status == 200
