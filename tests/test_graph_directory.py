"""The directory client (msgraph-sdk with application permissions) against the local Graph: the lookup
order, `$select` naming accountEnabled, 404 = deleted, JSON batches of 20 with relative URLs, Retry-After
honoured by everyone, 5xx and timeouts retried a bounded number of times, a refused app stopping the
run, installs (409 = success) and the 1:1 chat they open."""

from __future__ import annotations

import time
from urllib.parse import unquote

import pytest

from programme.directory import ACTIVE, DELETED, DISABLED, NOT_FOUND, UNKNOWN, DirectoryRefused
from tests.directory_fixtures import CATALOG_APP, directory_for, user_reads
from tests.fakes.graph import FakeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
async def fake():
    async with FakeGraph() as g:
        g.directory.add_user("Priya Sharma", "priya.sharma@council.example", job_title="Head of Digital Care")
        g.directory.add_user("Sam O'Neill", "sam.upn@council.example", mail="s.o'neill@council.example")
        g.directory.add_user(
            "Jo Jones", "jo.upn@council.example", mail="jo@council.example", proxy=("jo.old@council.example",)
        )
        g.directory.add_user("Dee Left", "dee@council.example", enabled=False)
        yield g


async def test_emails_are_looked_up_by_upn_then_mail_then_proxy_address(fake):
    directory = directory_for(fake)
    try:
        found = await directory.find_by_email(
            [
                "Priya.Sharma@council.example",
                "s.o'neill@council.example",
                "jo.old@council.example",
                "dee@council.example",
                "nobody@council.example",
            ]
        )
    finally:
        await directory.close()
    assert {k: (v.status, v.found_by) for k, v in found.items()} == {
        "priya.sharma@council.example": (ACTIVE, "upn"),
        "s.o'neill@council.example": (ACTIVE, "mail"),
        "jo.old@council.example": (ACTIVE, "proxyAddresses"),
        "dee@council.example": (DISABLED, "upn"),
        "nobody@council.example": (NOT_FOUND, ""),
    }
    assert found["priya.sharma@council.example"].user.job_title == "Head of Digital Care"
    reads = [unquote(url) for _, url in user_reads(fake)]
    assert all("$select=" in url and "accountEnabled" in url for url in reads)  # not returned unless selected
    assert (
        "/users?$filter=mail eq 's.o''neill@council.example'&$select=id,displayName,jobTitle,accountEnabled,mail,userPrincipalName"
        in reads
    )
    assert sum("nobody" in url for url in reads) == 3  # upn, mail, proxy: then reported as not found


async def test_known_object_ids_are_checked_by_id_and_a_404_means_deleted(fake):
    dee = next(u for u in fake.directory.users.values() if u["displayName"] == "Dee Left")
    priya = next(u for u in fake.directory.users.values() if u["displayName"] == "Priya Sharma")
    fake.directory.delete(priya["id"])
    directory = directory_for(fake)
    try:
        checked = await directory.check_by_id([dee["id"], priya["id"]])
    finally:
        await directory.close()
    assert checked[dee["id"]].status == DISABLED and checked[priya["id"]].status == DELETED


async def test_reads_go_twenty_to_a_batch_with_urls_graph_accepts(fake):
    for i in range(45):
        fake.directory.add_user(f"Person {i}", f"p{i}@council.example")
    directory = directory_for(fake)
    try:
        found = await directory.find_by_email([f"p{i}@council.example" for i in range(45)])
    finally:
        await directory.close()
    assert all(v.status == ACTIVE for v in found.values()) and len(found) == 45
    batches = [r for r in fake.requests if r.path == "/v1.0/$batch"]
    assert len(batches) == 3 and max(len(r.body["requests"]) for r in batches) == 20
    assert all(i["url"].startswith("/users/") for r in batches for i in r.body["requests"])


async def test_a_429_pauses_every_read_for_retry_after_then_the_same_reads_succeed(fake):
    fake.fail_next(429, retry_after=1, method="POST", path="/$batch")
    directory = directory_for(fake)
    try:
        started = time.monotonic()
        found = await directory.find_by_email(["priya.sharma@council.example"])
        elapsed = time.monotonic() - started
    finally:
        await directory.close()
    assert found["priya.sharma@council.example"].status == ACTIVE
    throttled, retried = [r for r in fake.requests if r.path == "/v1.0/$batch"]
    assert throttled.status == 429 and retried.status == 200
    assert retried.at - throttled.at >= 1.0 and elapsed >= 1.0


async def test_429s_inside_a_batch_are_waited_out_and_cost_no_extra_lookups(fake):
    for i in range(30):
        fake.directory.add_user(f"Person {i}", f"p{i}@council.example")
    fake.directory.throttle(10, 1.0)  # ten reads a second
    directory = directory_for(fake)
    try:
        started = time.monotonic()
        found = await directory.find_by_email([f"p{i}@council.example" for i in range(30)])
        elapsed = time.monotonic() - started
    finally:
        await directory.close()
    assert all(v.status == ACTIVE for v in found.values())
    assert fake.directory.throttled > 0 and fake.directory.reads == 30  # each person read once, in the end
    assert elapsed >= 2.0  # (30 - 10) / 10 a second: what the limit allows, no sooner
    assert directory.pacer.waited > 0


async def test_a_5xx_is_retried_and_one_that_persists_is_unknown_not_absent(fake):
    fake.fail_next(503, method="GET", path="/users/priya", times=2)
    fake.fail_next(500, method="GET", path="/users/dee", times=99)
    directory = directory_for(fake)
    try:
        found = await directory.find_by_email(["priya.sharma@council.example", "dee@council.example"])
    finally:
        await directory.close()
    assert found["priya.sharma@council.example"].status == ACTIVE
    assert found["dee@council.example"].status == UNKNOWN and "500" in found["dee@council.example"].error


async def test_a_timeout_is_retried_like_a_503(fake):
    fake.stall_next(1.0, method="POST")
    directory = directory_for(fake, timeout=0.3)
    try:
        found = await directory.find_by_email(["priya.sharma@council.example"])
    finally:
        await directory.close()
    assert found["priya.sharma@council.example"].status == ACTIVE


async def test_an_app_without_the_permission_is_refused_and_the_run_stops(fake):
    fake.valid_tokens.clear()
    fake.register_app("no-roles", secret="x", roles=set())
    token = fake._app_token("no-roles", frozenset())["access_token"]
    from graph.app_auth import APP_SCOPES
    from graph.client import StaticTokenCredential, build_graph_client
    from graph.directory import GraphDirectory

    client, http = build_graph_client(fake.base_url, StaticTokenCredential(token), scopes=APP_SCOPES)
    directory = GraphDirectory(client, http, StaticTokenCredential(token))
    try:
        with pytest.raises(DirectoryRefused, match="permission"):
            await directory.find_by_email(["priya.sharma@council.example"])
    finally:
        await directory.close()


async def test_installing_the_app_for_someone_and_reading_the_chat_it_opens(fake):
    fake.directory.add_catalog_app(CATALOG_APP, external_id="bot-app")
    priya = next(u for u in fake.directory.users.values() if u["displayName"] == "Priya Sharma")
    directory = directory_for(fake)
    try:
        first = await directory.install_app(priya["id"], CATALOG_APP)
        fake.fail_next(503, method="POST", path="/teamwork/installedApps")  # retried: the second POST is a 409
        again = await directory.install_app(priya["id"], CATALOG_APP)
        chat = await directory.personal_chat_id(priya["id"], CATALOG_APP)
        missing = await directory.install_app(priya["id"], "not-in-the-catalogue")
    finally:
        await directory.close()
    assert first.installed and not first.already
    assert again.installed and again.already
    assert chat == f"19:{priya['id']}_bot-app@unq.gbl.spaces"
    assert not missing.installed and "catalogue" in missing.reason
    [post] = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/installedApps")][:1]
    assert post.body["teamsApp@odata.bind"].endswith(f"/appCatalogs/teamsApps/{CATALOG_APP}")
