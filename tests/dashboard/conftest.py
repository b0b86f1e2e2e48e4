"""Fixtures for the dashboard: the seeded programme (on each backend) and a stand-in Entra ID."""

from __future__ import annotations

import aiohttp
import pytest

from dashboard.auth import EntraTokenValidator, SigningKeys

from .harness import APP_ID, APP_ID_URI, TENANT, FakeEntra
from .seed import Seeded, seed


@pytest.fixture
async def seeded(db) -> Seeded:
    return await seed(db)


@pytest.fixture
async def entra():
    fake = await FakeEntra().start()
    yield fake
    await fake.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def validator(entra, clock):
    """The production validator, fetching keys over HTTP from the stand-in Entra ID."""
    async with aiohttp.ClientSession() as http:

        async def fetch(url: str) -> dict:
            async with http.get(url) as resp:
                resp.raise_for_status()
                return await resp.json()

        yield EntraTokenValidator(
            client_id=APP_ID,
            app_id_uris=[APP_ID_URI],
            tenant_ids=[TENANT],
            keys=SigningKeys(fetch, clock=clock),
            jwks_url=entra.jwks_url,
        )
