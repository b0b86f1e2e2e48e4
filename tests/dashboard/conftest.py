"""Fixtures for the dashboard: the seeded programme (on each backend) and a stand-in Entra ID."""
from __future__ import annotations

import pytest

from .harness import FakeEntra
from .seed import Seeded, seed


@pytest.fixture
async def seeded(db) -> Seeded:
    return await seed(db)


@pytest.fixture
async def entra():
    fake = await FakeEntra().start()
    yield fake
    await fake.close()
