"""Teams tab SSO tokens: locally signed RS256 tokens, checked against a local JWKS endpoint shaped
like Entra ID's. v1 and v2 tokens are accepted with their own audiences; everything else is refused."""

from __future__ import annotations

import time

import jwt
import pytest

from dashboard.auth import JWKS_MIN_REFRESH_SECONDS, TokenError, bearer_token, default_app_id_uris, local_viewer

from .harness import (
    APP_ID,
    APP_ID_URI,
    HOST,
    OTHER_TENANT,
    TENANT,
    V1_ISSUER,
    V2_ISSUER,
    SigningKey,
    running_dashboard,
    sso_settings,
)
from .seed import ADMIN_AAD, MEMBER_AAD


async def refused(validator, token: str) -> str:
    with pytest.raises(TokenError) as caught:
        await validator.validate(token)
    return caught.value.reason


async def test_a_v2_token_for_the_client_id_is_accepted(validator, entra):
    user = await validator.validate(entra.token(oid="aad-1", version="2.0", name="Alex Wilber"))
    assert (user.oid, user.tid, user.name, user.version) == ("aad-1", TENANT, "Alex Wilber", "2.0")


async def test_a_v1_token_for_the_application_id_uri_is_accepted(validator, entra):
    user = await validator.validate(entra.token(oid="aad-1", version="1.0"))
    assert (user.oid, user.version, user.username) == ("aad-1", "1.0", "aad-1@council.example")


@pytest.mark.parametrize(
    "version, audience",
    [
        ("2.0", "11111111-2222-3333-4444-555555555555"),  # another app's client id
        ("2.0", APP_ID_URI),  # v2 tokens carry the client id, never the URI
        ("1.0", "api://elsewhere.example/" + APP_ID),
        ("1.0", "00000003-0000-0000-c000-000000000000"),  # a Microsoft Graph token
    ],
)
async def test_a_token_for_another_audience_is_refused(validator, entra, version, audience):
    assert await refused(validator, entra.token(oid="aad-1", version=version, aud=audience)) == "wrong_audience"


async def test_a_token_from_another_tenant_is_refused_before_any_key_is_fetched(validator, entra):
    token = entra.token(oid="aad-1", tid=OTHER_TENANT, iss=f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0")
    assert await refused(validator, token) == "wrong_tenant"
    assert OTHER_TENANT not in entra.requests and entra.requests == []


@pytest.mark.parametrize(
    "version, issuer",
    [
        ("2.0", V1_ISSUER),  # a v2 token must come from the v2 issuer
        ("1.0", V2_ISSUER),
        ("2.0", f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"),  # issuer and tenant disagree
        ("2.0", "https://evil.example/v2.0"),
    ],
)
async def test_a_token_from_the_wrong_issuer_is_refused(validator, entra, version, issuer):
    assert await refused(validator, entra.token(oid="aad-1", version=version, iss=issuer)) == "wrong_issuer"


async def test_an_expired_token_is_refused_but_clock_skew_is_forgiven(validator, entra):
    long_ago = time.time() - 2 * 3600
    assert await refused(validator, entra.token(oid="aad-1", issued=long_ago, lifetime=3600)) == "expired"
    just_expired = time.time() - 3600 - 120  # two minutes past expiry: within five minutes of skew
    assert (await validator.validate(entra.token(oid="aad-1", issued=just_expired, lifetime=3600))).oid == "aad-1"


async def test_a_token_not_valid_yet_is_refused(validator, entra):
    assert await refused(validator, entra.token(oid="aad-1", issued=time.time() + 3600)) == "not_yet_valid"


async def test_a_token_signed_by_an_unknown_key_is_refused(validator, entra):
    assert await refused(validator, entra.token(oid="aad-1", key=entra.unpublished)) == "unknown_key"


async def test_a_token_signed_by_another_key_under_a_known_key_id_is_refused(validator, entra):
    impostor = SigningKey(kid=entra.key.kid)
    assert await refused(validator, entra.token(oid="aad-1", key=impostor)) == "bad_signature"


async def test_a_token_not_signed_with_rs256_is_refused(validator, entra):
    claims = jwt.decode(entra.token(oid="aad-1"), options={"verify_signature": False})
    hs = jwt.encode(
        claims, "a-shared-secret-long-enough-for-hmac-sha256", algorithm="HS256", headers={"kid": entra.key.kid}
    )
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert await refused(validator, hs) == "bad_algorithm"
    assert await refused(validator, unsigned) == "bad_algorithm"


async def test_an_app_only_token_is_not_a_signed_in_person(validator, entra):
    assert (
        await refused(validator, entra.token(oid="aad-app", scp=None, roles=["Dashboard.Read"], idtyp="app"))
        == "not_a_user"
    )


async def test_a_token_without_an_object_id_is_refused(validator, entra):
    assert await refused(validator, entra.token(oid=None)) == "missing_claim"


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30"])
async def test_garbage_is_refused(validator, garbage):
    assert await refused(validator, garbage) in {"malformed", "bad_algorithm"}


async def test_keys_are_cached_and_refreshed_when_entra_rolls_them_over(validator, entra, clock):
    await validator.validate(entra.token(oid="aad-1"))
    await validator.validate(entra.token(oid="aad-2"))
    assert entra.requests == [TENANT]  # one fetch for both
    rolled = SigningKey()
    entra.published.append(rolled)
    # a new key id right after a fetch is not chased at once (no fetch storm from forged kids)...
    assert await refused(validator, entra.token(oid="aad-1", key=rolled)) == "unknown_key"
    assert entra.requests == [TENANT]
    # ...but a minute later the keys are fetched again and the rolled-over key is known
    clock.now += JWKS_MIN_REFRESH_SECONDS + 1
    assert (await validator.validate(entra.token(oid="aad-1", key=rolled))).oid == "aad-1"
    assert entra.requests == [TENANT, TENANT]


def test_the_default_application_id_uris_follow_the_public_host():
    assert default_app_id_uris(APP_ID, f"https://{HOST}/") == (f"api://{HOST}/{APP_ID}", f"api://{HOST}/botid-{APP_ID}")
    assert default_app_id_uris("", f"https://{HOST}") == ()


def test_only_a_bearer_authorization_header_carries_a_token():
    assert bearer_token("Bearer abc.def.ghi") == "abc.def.ghi"
    assert bearer_token("bearer   abc") == "abc"
    assert bearer_token("Basic dXNlcjpwYXNz") is None
    assert bearer_token("Bearer ") is None and bearer_token(None) is None


def test_local_mode_gives_the_full_view_only_on_this_machine():
    assert local_viewer("127.0.0.1").is_admin and local_viewer("::1").is_admin
    assert not local_viewer("10.1.2.3").staff_roles and not local_viewer(None).staff_roles


# ------------------------------------------------------------------ over HTTP, against the database


async def test_the_signed_in_person_is_found_by_object_id_with_their_roles(db, seeded, entra):
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        _, admin, _ = await dash.get("/dashboard/api/me", token=entra.token(oid=ADMIN_AAD, version="1.0"))
        _, member, _ = await dash.get("/dashboard/api/me", token=entra.token(oid=MEMBER_AAD))
        _, stranger, _ = await dash.get("/dashboard/api/me", token=entra.token(oid="aad-new", name="New Starter"))
    assert admin == {"name": "Priya Shah", "roles": ["admin"], "sees_sensitive": True, "local_mode": False}
    assert member["roles"] == [] and member["sees_sensitive"] is False
    assert stranger["name"] == "New Starter" and stranger["roles"] == []


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda e: e.token(oid=ADMIN_AAD, issued=time.time() - 7200), "expired"),
        (lambda e: e.token(oid=ADMIN_AAD, aud="someone-else"), "wrong_audience"),
        (lambda e: e.token(oid=ADMIN_AAD, key=e.unpublished), "unknown_key"),
    ],
)
async def test_a_refused_token_is_a_401_with_a_reason(db, seeded, entra, make, reason):
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        status, body, headers = await dash.get("/dashboard/api/pages/projects/CIT-01", token=make(entra))
    assert status == 401 and body["error"] == reason
    assert headers["WWW-Authenticate"] == f'Bearer error="invalid_token", error_description="{reason}"'
    assert "SECRET" not in str(body) and "Digital inclusion" not in str(body)


async def test_when_entra_cannot_be_reached_sign_in_is_unavailable_not_refused(db, seeded, entra):
    token, jwks_url = entra.token(oid=ADMIN_AAD), entra.jwks_url
    await entra.close()
    async with running_dashboard(db, sso_settings(db.url), jwks_url=jwks_url) as dash:
        status, body, _ = await dash.get("/dashboard/api/me", token=token)
    assert status == 503 and body["error"] == "keys_unavailable"


async def test_a_token_for_an_allowed_second_tenant_is_checked_against_that_tenants_keys(db, seeded, entra):
    settings = sso_settings(db.url, allowed_tenant_ids=OTHER_TENANT)
    token = entra.token(oid=ADMIN_AAD, tid=OTHER_TENANT, iss=f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0")
    async with running_dashboard(db, settings, jwks_url=entra.jwks_url) as dash:
        status, body, _ = await dash.get("/dashboard/api/me", token=token)
    # the other tenant is allowed, so its keys are asked for (and this fake Entra has none for it)
    assert OTHER_TENANT in entra.requests
    assert status == 503 and body["error"] == "keys_unavailable"


# ------------------------------------------------------------------ guests and other tenants: the member view at most

GUEST_TOKENS = {
    # Entra ID's optional `acct` claim: 0 a member of the tenant, 1 a guest
    "acct says guest": lambda e: e.token(oid=ADMIN_AAD, acct=1),
    # B2B guests are authenticated by their own identity provider, which `idp` names
    "idp: the guest's own tenant (v1)": lambda e: e.token(
        oid=ADMIN_AAD, version="1.0", idp=f"https://sts.windows.net/{OTHER_TENANT}/"
    ),
    "idp: a Microsoft account": lambda e: e.token(oid=ADMIN_AAD, idp="live.com"),
    "idp: email one-time passcode": lambda e: e.token(oid=ADMIN_AAD, idp="mail"),
    "another tenant on the allow-list": lambda e: e.token(
        oid=ADMIN_AAD, tid=OTHER_TENANT, iss=f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"
    ),
}


@pytest.mark.parametrize("kind", list(GUEST_TOKENS))
async def test_guests_and_other_tenants_get_at_most_the_member_view_whatever_their_roles(db, seeded, entra, kind):
    """The admin's own object id, but signed in as a guest or from another tenant: the member view."""
    from .seed import SENSITIVE_RISK

    entra.tenants.add(OTHER_TENANT)
    settings = sso_settings(db.url, allowed_tenant_ids=OTHER_TENANT)  # the partner may read, never administer
    async with running_dashboard(db, settings, jwks_url=entra.jwks_url) as dash:
        token = GUEST_TOKENS[kind](entra)
        status, me, _ = await dash.get("/dashboard/api/me", token=token)
        _, page, _ = await dash.get("/dashboard/api/pages/projects/CIT-01", token=token)
    assert status == 200 and me["roles"] == [] and me["sees_sensitive"] is False
    assert SENSITIVE_RISK not in page["html"]


@pytest.mark.parametrize("claims", [{}, {"acct": 0}, {"idp": V2_ISSUER}, {"version": "1.0", "idp": V1_ISSUER}])
async def test_a_home_tenant_member_keeps_their_roles(db, seeded, entra, claims):
    claims = dict(claims)
    version = claims.pop("version", "2.0")
    async with running_dashboard(
        db, sso_settings(db.url, allowed_tenant_ids=OTHER_TENANT), jwks_url=entra.jwks_url
    ) as dash:
        _, me, _ = await dash.get("/dashboard/api/me", token=entra.token(oid=ADMIN_AAD, version=version, **claims))
    assert me["roles"] == ["admin"] and me["sees_sensitive"] is True
