"""The stored Microsoft Graph sign-in (one row per purpose; "digest" today). Values arrive encrypted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from .db import changed
from .models import GraphSignIn

DIGEST = "digest"


async def get(session: AsyncSession, name: str = DIGEST) -> GraphSignIn | None:
    return await session.get(GraphSignIn, name, populate_existing=True)


async def upsert(session: AsyncSession, name: str = DIGEST, **values: Any) -> GraphSignIn:
    row = await get(session, name)
    if row is None:
        row = GraphSignIn(
            name=name,
            status="none",
            account="",
            token_cache="",
            pending_flow="",
            pending_state="",
            started_by="",
            last_error="",
            link_nonce="",
        )
        session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    await session.flush()
    return row


async def use_link(session: AsyncSession, nonce: str, now: datetime, name: str = DIGEST) -> bool:
    """Use up the sign-in link with this one-use value: True for the one caller that did (compare-and-set)."""
    if not nonce:
        return False
    result = await session.execute(
        update(GraphSignIn)
        .where(GraphSignIn.name == name, GraphSignIn.link_nonce == nonce)
        .values(link_nonce="", updated_at=now)
    )
    return (changed(result) or 0) == 1


async def save_cache(session: AsyncSession, encrypted_cache: str, now: datetime, name: str = DIGEST) -> None:
    """A refreshed token cache; only while the sign-in is active (an expiry is not undone by a late save)."""
    await session.execute(
        update(GraphSignIn)
        .where(GraphSignIn.name == name, GraphSignIn.status == "active")
        .values(token_cache=encrypted_cache, updated_at=now)
    )


async def mark_expired(session: AsyncSession, reason: str, now: datetime, name: str = DIGEST) -> bool:
    """active → expired; True for the caller that made the change (so admins are told once)."""
    result = await session.execute(
        update(GraphSignIn)
        .where(GraphSignIn.name == name, GraphSignIn.status == "active")
        .values(status="expired", last_error=reason[:500], updated_at=now)
    )
    return (changed(result) or 0) == 1


async def sign_out(session: AsyncSession, now: datetime, name: str = DIGEST) -> str | None:
    """Forget the stored sign-in: tokens, account and any half-finished flow. Returns the account that was
    signed in ("" if none was named), or None when there was nothing to forget."""
    row = await get(session, name)
    if row is None or (row.status in ("none", "signed_out") and not row.token_cache and not row.pending_flow):
        return None
    account = row.account
    row.status, row.account, row.token_cache = "signed_out", "", ""
    row.pending_flow, row.pending_state, row.started_by, row.link_nonce = "", "", "", ""
    row.last_error, row.updated_at = "", now
    await session.flush()
    return account
