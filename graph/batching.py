"""Many small Graph reads, sent as JSON batches of 20, within the limits Graph sets.

Why batches: looking up 2,000 people one request at a time costs 2,000 round trips through kiota;
twenty to a batch costs 100, and Graph still counts (and throttles) each request inside on its own.
Why a shared pause: when Graph answers 429 it says how long to wait (`Retry-After`); every request
sent before then would only be refused too, so one 429 pauses *all* senders until that moment, and
the refused requests go first when sending resumes.

The handling is the delegated client's (graph/client.py with services/digest/poster.py): the same timeouts
(the client is built by `build_graph_client`, without kiota's own retry handler), Retry-After honoured
up to `RetryPolicy.longest_wait_seconds`, 408/412/5xx and dropped connections retried with jittered
exponential backoff a bounded number of times (`RetryPolicy.tries`). Reads are safe to repeat, so a
timeout is retried like a 503. A 401 or 403 is the app itself being refused: the run stops.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from azure.core.exceptions import ClientAuthenticationError
from kiota_abstractions.api_error import APIError
from kiota_abstractions.method import Method
from kiota_abstractions.request_adapter import RequestAdapter
from kiota_abstractions.request_information import RequestInformation

from programme.directory import DirectoryRefused
from programme.posting import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after

BATCH_LIMIT = 20  # Graph's most requests in one $batch
MAX_THROTTLES = 10  # 429s one request may meet in a run before it is left for the next run


class Pacer:
    """The one moment before which nothing is sent (the latest Retry-After Graph gave)."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    ) -> None:
        self.clock, self.sleep = clock, sleep
        self.resume_at = 0.0
        self.waited = 0.0
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        until = self.clock() + seconds
        if until > self.resume_at:
            self.resume_at = until
            self.pauses += 1

    async def ready(self) -> None:
        while (wait := self.resume_at - self.clock()) > 0:
            self.waited += wait
            await self.sleep(wait)


@dataclass
class Job:
    """One read (`info`) on behalf of `key`; `stage` says which of the caller's attempts it is."""

    key: str
    stage: str
    info: RequestInformation
    failures: int = 0
    throttles: int = 0
    not_before: float = 0.0


OnAnswer = Callable[[Job, int, Any], "Job | None"]
"""Called with each answer that is not a 429, 401/403 or retryable error; returns the next read
for the same key (a later stage), or None when the key is settled."""


def refused(status: int, body: Any = None) -> DirectoryRefused:
    code = ((body or {}).get("error") or {}).get("code", "") if isinstance(body, dict) else ""
    if status == 401:
        return DirectoryRefused(
            "Graph did not accept the bot's credentials (401 " + (code or "Unauthorized") + "): "
            "check DIRECTORY_CREDENTIAL and its settings (docs/deploy.md)."
        )
    return DirectoryRefused(
        f"Graph refused the request (403 {code or 'Forbidden'}): an administrator has not granted "
        "the bot's app the application permission it needs (docs/deploy.md lists them)."
    )


class BatchRunner:
    def __init__(
        self,
        adapter: RequestAdapter,
        *,
        policy: RetryPolicy | None = None,
        pacer: Pacer | None = None,
        size: int = BATCH_LIMIT,
        concurrency: int = 4,
    ) -> None:
        self.adapter = adapter
        self.policy = policy or RetryPolicy()
        self.pacer = pacer or Pacer()
        self.size = max(1, min(size, BATCH_LIMIT))
        self.concurrency = concurrency
        self.batches = 0

    async def run(self, jobs: list[Job], on_answer: OnAnswer) -> dict[str, str]:
        """Send every job (and the jobs their answers lead to); returns key → why it got no answer."""
        queue: deque[Job] = deque(jobs)
        errors: dict[str, str] = {}
        changed = asyncio.Event()
        state: dict[str, Any] = {"active": 0, "failed": None}

        async def worker() -> None:
            while state["failed"] is None:
                batch = self._take(queue)
                if not batch:
                    if not queue and state["active"] == 0:
                        changed.set()
                        return
                    changed.clear()
                    timeout = (min(j.not_before for j in queue) - self.pacer.clock()) if queue else None
                    try:
                        await asyncio.wait_for(changed.wait(), None if timeout is None else max(timeout, 0.001))
                    except TimeoutError:
                        pass
                    continue
                state["active"] += 1
                try:
                    await self._send(batch, queue, errors, on_answer)
                except BaseException as exc:
                    state["failed"] = exc
                    raise
                finally:
                    state["active"] -= 1
                    changed.set()

        results = await asyncio.gather(*(worker() for _ in range(self.concurrency)), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return errors

    def _take(self, queue: deque[Job]) -> list[Job]:
        now, batch, rest = self.pacer.clock(), list[Job](), deque[Job]()
        while queue and len(batch) < self.size:
            job = queue.popleft()
            (batch if job.not_before <= now else rest).append(job)
        queue.extendleft(reversed(rest))
        return batch

    async def _send(self, batch: list[Job], queue: deque[Job], errors: dict[str, str], on_answer: OnAnswer) -> None:
        await self.pacer.ready()
        self.batches += 1
        try:
            raw = await self.adapter.send_primitive_async(  # type: ignore[func-returns-value]  # kiota's TypeVar result
                self._envelope(batch), "bytes", None
            )
        except APIError as exc:
            status = exc.response_status_code or 0
            if status in (401, 403):
                raise refused(status) from exc
            for job in batch:
                self._retry(
                    job, status, retry_after_of(exc.response_headers), queue, errors, f"Graph answered {status}"
                )
            return
        except ClientAuthenticationError as exc:
            raise DirectoryRefused(f"The bot could not get a token for Graph: {str(exc)[:300]}") from exc
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            for job in batch:
                self._retry(job, 503, None, queue, errors, f"no answer from Graph ({type(exc).__name__})")
            return
        answers = {str(a.get("id")): a for a in (json.loads(raw or b"{}").get("responses") or [])}
        for index, job in enumerate(batch):
            answer = answers.get(str(index))
            if answer is None:
                self._retry(job, 502, None, queue, errors, "Graph's batch answer left this request out")
                continue
            status, body = int(answer.get("status") or 0), answer.get("body")
            if status in (401, 403):
                raise refused(status, body)
            if status == 429 or status in RETRYABLE_STATUSES:
                self._retry(
                    job, status, retry_after_of(answer.get("headers")), queue, errors, f"Graph answered {status}"
                )
                continue
            follow = on_answer(job, status, body)
            if follow is not None:
                queue.appendleft(follow)

    def _envelope(self, batch: list[Job]) -> RequestInformation:
        base = self.adapter.base_url.rstrip("/")
        requests = [
            {"id": str(i), "method": _method(job.info), "url": _relative(job.info.url, base)}
            for i, job in enumerate(batch)
        ]
        info = RequestInformation()
        info.http_method = Method.POST
        info.url = f"{base}/$batch"
        info.headers.try_add("Accept", "application/json")
        info.set_stream_content(json.dumps({"requests": requests}).encode("utf-8"), "application/json")
        return info

    def _retry(
        self, job: Job, status: int, retry_after: float | None, queue: deque[Job], errors: dict[str, str], reason: str
    ) -> None:
        """A 429 waits as Graph says (everyone waits) and goes first; 5xx and timeouts back off."""
        if status == 429:
            job.throttles += 1
            wait = retry_after if retry_after is not None else self.policy.wait(job.throttles, None)
            if job.throttles > MAX_THROTTLES or wait is None or wait > self.policy.longest_wait_seconds:
                errors[job.key] = f"{reason}: throttled, left for the next run"
                return
            self.pacer.pause(wait)
            queue.appendleft(job)
            return
        if status not in RETRYABLE_STATUSES and status != 503:
            errors[job.key] = reason
            return
        job.failures += 1
        wait = self.policy.wait(job.failures, retry_after)
        if wait is None:
            errors[job.key] = f"{reason} ({job.failures} tries)"
            return
        job.not_before = self.pacer.clock() + wait
        queue.append(job)


def _method(info: RequestInformation) -> str:
    method = info.http_method
    return getattr(method, "value", None) or str(method)


def _relative(url: str, base: str) -> str:
    """Graph wants batch URLs relative to the version root ("/users/…"); msgraph-core sends absolute
    ones unless told (msgraph-sdk-python#1015), which Graph refuses."""
    return url[len(base) :] if url.startswith(base) else url


def retry_after_of(headers: Any) -> float | None:
    if not headers or not hasattr(headers, "get"):
        return None
    value = headers.get("Retry-After")
    if value is None and isinstance(headers, dict):
        value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    return parse_retry_after(value)
