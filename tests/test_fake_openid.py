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
