"""The msrest pipeline policies the connector clients share besides the token: bounded, visible retries for a
turn's replies (see `bot/connector_pool.py`'s docstring, which re-exports these)."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import aiohttp
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, Request, Response

__all__ = ["MAX_RETRY_AFTER", "RETRYABLE", "RetryPolicy", "next_policy"]

log = logging.getLogger("dfbot.connector")

RETRYABLE = frozenset({412, 429, 502, 503, 504})
MAX_RETRY_AFTER = 5.0  # a turn's reply waits at most this long for a 429's Retry-After


def next_policy(policy: AsyncHTTPPolicy) -> AsyncHTTPPolicy | AsyncHTTPSender:
    """The policy after this one: msrest sets `next` when it builds the pipeline (typed optional before then)."""
    if policy.next is None:
        raise RuntimeError(f"{type(policy).__name__} is used outside an msrest pipeline")
    return policy.next


class RetryPolicy(AsyncHTTPPolicy):
    """Bounded, visible retries for replies within a turn (see the module docstring)."""

    def __init__(self, retries: int, *, base_delay: float = 0.25, max_delay: float = 2.0) -> None:
        super().__init__()
        self.retries, self.base_delay, self.max_delay = retries, base_delay, max_delay

    async def send(self, request: Request, **kwargs: Any) -> Response:
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = await next_policy(self).send(request, **kwargs)
            except aiohttp.ClientConnectorError:
                if last:
                    raise
                await asyncio.sleep(self._backoff(attempt))
                continue
            status = response.http_response.status_code
            if last or status not in RETRYABLE:
                return response
            wait = self._backoff(attempt)
            if status == 429:
                try:
                    wait = max(wait, float(response.http_response.headers.get("Retry-After", "")))
                except ValueError:
                    pass
                if wait > MAX_RETRY_AFTER:
                    return response
            log.info("connector answered %s; retrying in %.2f s", status, wait)
            await asyncio.sleep(wait)
        raise AssertionError("the last attempt always returns or raises")

    def _backoff(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))
