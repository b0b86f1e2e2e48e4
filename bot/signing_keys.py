"""The Bot Framework's signing keys, fetched without ever stopping the bot.

botbuilder 4.17.1 checks each incoming token against keys it caches per OpenID metadata URL
(`botframework/connector/auth/jwt_token_extractor.py`, `_OpenIdMetadata`): once a day, and when a
token names an unknown key, it fetches the metadata and then the keys with `requests.get(url)` —
a blocking call, made on the event loop, with no timeout. While the key endpoint is slow every
request the bot serves waits; if it never answers, the bot never answers anything again.

`BoundedOpenIdMetadata` takes its place in botbuilder's cache (`install()`, called when the adapter is
built), so botbuilder's own validation runs unchanged around it:
- keys are fetched in a small thread pool, never on the event loop, with `requests` timeouts and a
  bound on the whole fetch; one fetch per URL at a time, whoever asks;
- a key already known is used at once, even when the cached set is due for its daily refresh: that
  refresh runs in the background (stale while revalidating), so a slow or dead key endpoint costs
  nobody a wait;
- a key not known waits for a fetch (bounded), at most once per UNKNOWN_KEY_REFRESH_SECONDS, and
  after a failed fetch nobody waits on the endpoint again for FAILED_REFRESH_BACKOFF_SECONDS: such a
  token is refused (401) like any token whose key cannot be found.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdConfig, _OpenIdMetadata
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger("dfbot.signing_keys")

REFRESH_AFTER_SECONDS = 24 * 3600  # botbuilder's own period
UNKNOWN_KEY_REFRESH_SECONDS = 3600  # botbuilder's own limit for a token naming a key not seen yet
FAILED_REFRESH_BACKOFF_SECONDS = 60.0
CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 10.0
FETCH_TIMEOUT_SECONDS = 15.0  # metadata and keys together, whatever `requests` does
_FETCHES = ThreadPoolExecutor(max_workers=2, thread_name_prefix="openid-keys")


class BoundedOpenIdMetadata(_OpenIdMetadata):
    """botbuilder's per-URL key cache, with every fetch off the event loop and bounded (see above)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.fetched_at: float | None = None  # time.monotonic() of the last successful fetch
        self.failed_at: float | None = None
        self._fetch: asyncio.Future | None = None
        self.fetches = 0
        self._parsed: dict[str, _OpenIdConfig] = {}  # by kid, for the key set in `keys` (parsing costs ~40 µs)
        self._parsed_from: object = None

    async def get(self, key_id: str) -> _OpenIdConfig:
        found = self._find(key_id)
        if found is not None:
            if self._age() >= REFRESH_AFTER_SECONDS and not self._backing_off():
                self._start_fetch()  # in the background: this request goes on with the key it has
            return found
        if not self._backing_off() and self._age() >= UNKNOWN_KEY_REFRESH_SECONDS:
            try:
                await asyncio.wait_for(asyncio.shield(self._start_fetch()), FETCH_TIMEOUT_SECONDS)
            except Exception as exc:  # timeout, network, bad JSON: the token cannot be checked now
                log.warning("Bot Framework signing keys could not be fetched: %s", type(exc).__name__)
            found = self._find(key_id)
        if found is None:  # MessagesEndpoint answers 401
            raise PermissionError(
                "The token is not signed by a key the Bot Framework publishes (or the keys could not be fetched)."
            )
        return found

    def _age(self) -> float:
        return float("inf") if self.fetched_at is None else time.monotonic() - self.fetched_at

    def _backing_off(self) -> bool:
        return self.failed_at is not None and time.monotonic() - self.failed_at < FAILED_REFRESH_BACKOFF_SECONDS

    def _start_fetch(self) -> asyncio.Future:
        """The one fetch in flight for this URL (on this event loop), started if there is none."""
        loop = asyncio.get_running_loop()
        if self._fetch is None or self._fetch.done() or self._fetch.get_loop() is not loop:
            self._fetch = loop.create_task(self._refresh_bounded(), name=f"signing keys {self.url[:60]}")
        return self._fetch

    async def _refresh_bounded(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            keys = await asyncio.wait_for(loop.run_in_executor(_FETCHES, _download, self.url), FETCH_TIMEOUT_SECONDS)
        except BaseException as exc:
            self.failed_at = time.monotonic()
            log.warning("Bot Framework signing keys not refreshed (%s); using the cached ones", type(exc).__name__)
            if isinstance(exc, Exception):
                return None
            raise
        self.keys, self.fetched_at, self.failed_at = keys, time.monotonic(), None
        self.fetches += 1
        return None

    async def _refresh(self) -> None:  # botbuilder's name: never blocking here either
        await self._start_fetch()

    def _find(self, key_id: str) -> _OpenIdConfig | None:
        """botbuilder's lookup, minus its IndexError for a key that is not in the set; each key parsed once
        per key set (a new set, fetched or assigned, is parsed afresh)."""
        if self._parsed_from is not self.keys:
            self._parsed, self._parsed_from = {}, self.keys
        found = self._parsed.get(key_id)
        if found is None:
            key = next((k for k in self.keys or () if k.get("kid") == key_id), None)
            if key is None:
                return None
            found = self._parsed[key_id] = _OpenIdConfig(
                RSAAlgorithm.from_jwk(json.dumps(key)), key.get("endorsements", [])
            )
        return found

    def known(self, key_id: str) -> _OpenIdConfig | None:
        """The key if this set already holds it: never fetches, never waits."""
        return self._find(key_id) if key_id else None


def _download(url: str) -> list[dict[str, Any]]:
    """In a worker thread: the metadata document, then the keys it points at (both with timeouts)."""
    timeout = (CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)
    metadata = requests.get(url, timeout=timeout)
    metadata.raise_for_status()
    keys = requests.get(metadata.json()["jwks_uri"], timeout=timeout)
    keys.raise_for_status()
    found = keys.json()["keys"]
    if not isinstance(found, list):
        raise ValueError("the key set is not a list")
    return found


class _BoundedCache(dict):
    """botbuilder's class-wide `JwtTokenExtractor.metadataCache`, handing out bounded metadata only."""

    def get(self, url: str, default: Any = None) -> BoundedOpenIdMetadata:  # noqa: ARG002 - dict's signature
        found = super().get(url)
        if not isinstance(found, BoundedOpenIdMetadata):
            found = self[url] = BoundedOpenIdMetadata(url)
        return found


def install() -> None:
    """Make every token validator botbuilder builds from now on use bounded key fetches."""
    if not isinstance(JwtTokenExtractor.metadataCache, _BoundedCache):
        JwtTokenExtractor.metadataCache = _BoundedCache()


def known_key(key_id: str) -> Any | None:
    """The public key named `key_id` in any key set already fetched (None: not known yet, or no such key).
    Used by the edge to refuse a forged signature without botbuilder's full validation (bot/endpoint.py)."""
    cache = JwtTokenExtractor.metadataCache
    for metadata in list(cache.values()) if isinstance(cache, _BoundedCache) else ():
        found = metadata.known(key_id)
        if found is not None:
            return found.public_key
    return None


def certainly_forged(token: str) -> str | None:
    """Why botbuilder would certainly refuse `token`, decided from its header and signature alone with a key
    already fetched (None: it may be genuine, or names a key not known yet; botbuilder then decides in full).

    botbuilder accepts only RS256 tokens naming a published key by `kid` (jwt_token_extractor.py decodes with
    algorithms=["RS256"]), so a token that is not three segments, another algorithm, no kid, or a signature the
    named key did not make is refused here at the cost of one RSA verification (~50 µs), instead of botbuilder's
    ~0.4 ms of decoding the same token several times. A stranger's flood then costs the bot little."""
    head, _, rest = token.partition(".")
    payload, _, signature = rest.partition(".")
    if not head or not payload or not signature or "." in signature:
        return "unreadable token"
    try:
        header = json.loads(_unbase64(head))
        signed = f"{head}.{payload}".encode("ascii")
        signature_bytes = _unbase64(signature)
    except (ValueError, UnicodeError, binascii.Error):
        return "unreadable token"
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        return "signing algorithm not allowed"
    key_id = header.get("kid")
    if not isinstance(key_id, str) or not key_id:
        return "no key id"
    key = known_key(key_id)
    if key is None:
        return None
    try:
        key.verify(signature_bytes, signed, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return "signature not made by the key it names"
    return None


def _unbase64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment.encode("ascii") + b"=" * (-len(segment) % 4))


def metadata_for(url: str) -> BoundedOpenIdMetadata:
    """The cache entry for one metadata URL (operations and tests look at its state)."""
    install()
    return JwtTokenExtractor.metadataCache.get(url)
