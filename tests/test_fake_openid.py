"""The local Bot Framework token service behaves like the real one where the bot depends on it: keys and
metadata to fetch, a client-credentials token that is reused until five minutes before it expires,
and endpoints that can be made to stop answering."""

from __future__ import annotations

import time

import pytest
import requests

from tests.fakes.openid import FakeBotFrameworkIdentity, FakeTokenCredentials

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"


@pytest.fixture
def identity():
    with FakeBotFrameworkIdentity(APP_ID, app_password="pw") as fake:
        yield fake


def test_metadata_points_at_the_published_keys(identity):
    metadata = requests.get(identity.metadata_url, timeout=5).json()
    keys = requests.get(metadata["jwks_uri"], timeout=5).json()["keys"]
    assert [k["kid"] for k in keys] == [identity.key.kid] and identity.requests == ["metadata", "keys"]


def test_held_key_endpoints_answer_nothing_until_released(identity):
    identity.hold(keys=True)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(identity.metadata_url, timeout=(2, 0.3))
    assert time.monotonic() - started < 2
    identity.release()
    assert requests.get(identity.metadata_url, timeout=5).status_code == 200


def test_tokens_are_reused_until_five_minutes_before_they_expire(identity):
    credentials = FakeTokenCredentials(APP_ID, "pw", identity.token_url)
    assert credentials.get_access_token() == identity.outbound_token
    credentials.get_access_token()
    assert len(identity.token_requests) == 1  # valid for an hour: reused
    identity.token_expires_in = 300  # inside MSAL's five-minute margin: every call asks again
    credentials.get_access_token(force_refresh=True)
    credentials.get_access_token()
    assert len(identity.token_requests) == 3


def test_a_held_token_endpoint_answers_nothing_and_a_wrong_secret_is_refused(identity):
    identity.hold(tokens=True)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(identity.token_url, data={"grant_type": "client_credentials"}, timeout=(2, 0.3))
    identity.release()
    with pytest.raises(PermissionError):
        FakeTokenCredentials(APP_ID, "wrong", identity.token_url).get_access_token()


def test_a_hung_token_endpoint_never_answers_what_it_took_even_after_it_recovers(identity):
    """`hang` is a dead end, not a slow service: what it took stays unanswered after `recover`."""
    import threading

    form = {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": "pw",
        "scope": "https://api.botframework.com/.default",
    }
    identity.hang()
    outcome: list[BaseException | int] = []

    def taken_while_hung() -> None:
        try:
            outcome.append(requests.post(identity.token_url, data=form, timeout=(2, 1.5)).status_code)
        except requests.exceptions.RequestException as exc:
            outcome.append(exc)

    waiting = threading.Thread(target=taken_while_hung)
    waiting.start()
    while identity.hung == 0:
        time.sleep(0.02)
    identity.recover()
    assert requests.post(identity.token_url, data=form, timeout=5).json()["access_token"] == identity.outbound_token
    waiting.join(10)
    assert isinstance(outcome[0], requests.exceptions.ReadTimeout)  # never answered, though the service is back
    deadline = time.monotonic() + 5
    while identity.abandoned == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (identity.hung, identity.abandoned) == (1, 1)  # the fake saw the client give up


def test_msal_gets_the_bots_token_over_https_where_entra_id_would_give_it(monkeypatch):
    """With `tls=True` the token service has Entra ID's paths, so MSAL itself (not a stand-in) can ask it."""
    import msal

    with FakeBotFrameworkIdentity(APP_ID, app_password="pw", tenant_id="tenant-1", tls=True) as fake:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)  # requests (so MSAL) trusts the fake's certificate
        session = requests.Session()
        scopes = ["https://api.botframework.com/.default"]

        def app(secret: str) -> msal.ConfidentialClientApplication:
            return msal.ConfidentialClientApplication(
                APP_ID,
                client_credential=secret,
                authority=fake.login_url,
                validate_authority=False,
                http_client=session,
            )

        assert app("pw").acquire_token_for_client(scopes)["access_token"] == fake.outbound_token
        assert app("wrong").acquire_token_for_client(scopes)["error"] == "invalid_client"
        assert fake.login_url.startswith("https://127.0.0.1:") and fake.login_url.endswith("/tenant-1")
