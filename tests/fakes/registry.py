"""A local container registry (Registry HTTP API v2 with token authentication), for tests of
scripts/verify_base_image.py, which checks the Dockerfile's base-image pin against Docker Hub.

Docker Hub cannot be reached from the tests, so this answers the way it does, for the requests the
script makes:
* `GET /v2/<name>/manifests/<tag or digest>` and `/v2/<name>/blobs/<digest>` without a token: 401 with
  `WWW-Authenticate: Bearer realm="<this>/token",service="fake-registry",scope="repository:<name>:pull"`
  and the registry's error body `{"errors": [{"code": "UNAUTHORIZED", …}]}`;
* `GET /token?service=…&scope=…`: an anonymous pull token `{"token", "access_token", "expires_in"}`,
  valid for that repository only; a wrong service is 400;
* manifests with their media type as Content-Type and `Docker-Content-Digest`; an unknown one is 404
  `MANIFEST_UNKNOWN`; an index asked for without an index type in Accept is 404 too (as the
  distribution registry answers "OCI index found, but accept header does not support OCI indexes");
* blobs redirect (307) to a "CDN" path, which refuses a request that still carries the registry token
  (as presigned storage URLs do: one authentication mechanism only).

`publish(...)` builds a real multi-platform index (linux/amd64 and linux/arm64 images, each with a
config whose Env and history say the Python version and Debian release) and returns its digest;
`tamper(digest, body)` makes the registry serve other bytes under a digest.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from aiohttp import web

INDEX = "application/vnd.oci.image.index.v1+json"
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
CONFIG = "application/vnd.oci.image.config.v1+json"
SERVICE = "fake-registry"


def _digest(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _errors(status: int, code: str, message: str, **headers: str) -> web.Response:
    return web.json_response(
        {"errors": [{"code": code, "message": message, "detail": None}]}, status=status, headers=headers
    )


class FakeRegistry:
    def __init__(self) -> None:
        self.manifests: dict[tuple[str, str], tuple[str, bytes]] = {}  # (repository, digest) -> (type, body)
        self.tags: dict[tuple[str, str], str] = {}  # (repository, tag) -> digest
        self.blobs: dict[tuple[str, str], bytes] = {}
        self.tokens: dict[str, str] = {}  # token -> repository
        self.requests: list[tuple[str, str | None]] = []  # (path, Authorization)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # ------------------------------------------------------------------ content
    def _put_manifest(self, repository: str, media_type: str, document: dict[str, Any]) -> str:
        body = json.dumps(document, indent=2).encode()
        digest = _digest(body)
        self.manifests[(repository, digest)] = (media_type, body)
        return digest

    def publish(
        self, repository: str, tag: str | None, *, python_version: str = "3.11.15", debian: str = "trixie"
    ) -> str:
        """A multi-platform image like the python:*-slim-* ones; returns the index digest (and points `tag` at it)."""
        entries = []
        for arch, suffix in (("amd64", "amd64"), ("arm64", "arm64")):
            config = json.dumps(
                {
                    "architecture": arch,
                    "os": "linux",
                    "config": {
                        "Env": [
                            "PATH=/usr/local/bin:/usr/bin:/bin",
                            "LANG=C.UTF-8",
                            f"PYTHON_VERSION={python_version}",
                        ],
                        "Cmd": ["python3"],
                    },
                    "history": [
                        {"created_by": f"# debian.sh --arch '{suffix}' out/ '{debian}' '@1785715200'"},
                        {"created_by": f"ENV PYTHON_VERSION={python_version}"},
                    ],
                    "nonce": secrets.token_hex(8),  # two publications of one tag are two different images
                }
            ).encode()
            config_digest = _digest(config)
            self.blobs[(repository, config_digest)] = config
            manifest = self._put_manifest(
                repository,
                MANIFEST,
                {
                    "schemaVersion": 2,
                    "mediaType": MANIFEST,
                    "config": {"mediaType": CONFIG, "digest": config_digest, "size": len(config)},
                    "layers": [],
                },
            )
            entries.append(
                {
                    "mediaType": MANIFEST,
                    "digest": manifest,
                    "size": len(self.manifests[(repository, manifest)][1]),
                    "platform": {"architecture": arch, "os": "linux"},
                }
            )
        index = self._put_manifest(repository, INDEX, {"schemaVersion": 2, "mediaType": INDEX, "manifests": entries})
        if tag:
            self.tags[(repository, tag)] = index
        return index

    def tamper(self, repository: str, digest: str, body: bytes) -> None:
        if (repository, digest) in self.manifests:
            self.manifests[(repository, digest)] = (self.manifests[(repository, digest)][0], body)
        else:
            self.blobs[(repository, digest)] = body

    # ------------------------------------------------------------------ HTTP
    def _authorised(self, request: web.Request, repository: str) -> web.Response | None:
        auth = request.headers.get("Authorization", "")
        self.requests.append((request.path, auth or None))
        if auth.startswith("Bearer ") and self.tokens.get(auth[7:]) == repository:
            return None
        challenge = f'Bearer realm="{self.url}/token",service="{SERVICE}",scope="repository:{repository}:pull"'
        return _errors(401, "UNAUTHORIZED", "authentication required", **{"WWW-Authenticate": challenge})

    async def _token(self, request: web.Request) -> web.Response:
        if request.query.get("service") != SERVICE:
            return web.json_response({"details": "unknown service"}, status=400)
        scope = request.query.get("scope", "")
        parts = scope.split(":")
        if len(parts) != 3 or parts[0] != "repository" or "pull" not in parts[2].split(","):
            return web.json_response({"details": "bad scope"}, status=400)
        token = secrets.token_urlsafe(24)
        self.tokens[token] = parts[1]
        return web.json_response({"token": token, "access_token": token, "expires_in": 300})

    async def _v2(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for kind in ("/manifests/", "/blobs/"):
            if kind in path:
                repository, reference = path.rsplit(kind, 1)
                break
        else:
            return _errors(404, "NAME_UNKNOWN", "repository name not known to registry")
        if (refused := self._authorised(request, repository)) is not None:
            return refused
        if kind == "/blobs/":
            if (repository, reference) not in self.blobs:
                return _errors(404, "BLOB_UNKNOWN", "blob unknown to registry")
            raise web.HTTPTemporaryRedirect(f"/cdn/{repository}/{reference}")
        digest = self.tags.get((repository, reference), reference)
        if (repository, digest) not in self.manifests:
            return _errors(404, "MANIFEST_UNKNOWN", "manifest unknown")
        media_type, body = self.manifests[(repository, digest)]
        accept = request.headers.get("Accept", "")
        if media_type == INDEX and accept and INDEX not in accept:
            return _errors(404, "MANIFEST_UNKNOWN", "OCI index found, but accept header does not support OCI indexes")
        return web.Response(body=body, headers={"Content-Type": media_type, "Docker-Content-Digest": digest})

    async def _cdn(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, request.headers.get("Authorization")))
        if "Authorization" in request.headers:
            return web.Response(status=400, text="Only one auth mechanism allowed")
        key = (request.match_info["repository"], request.match_info["digest"])
        return web.Response(body=self.blobs[key], content_type="application/octet-stream")

    async def __aenter__(self) -> FakeRegistry:
        app = web.Application()
        app.router.add_get("/token", self._token)
        app.router.add_get("/cdn/{repository:.+}/{digest}", self._cdn)
        app.router.add_get("/v2/{path:.+}", self._v2)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # noqa: SLF001  # aiohttp gives the bound port only here
        return self

    async def __aexit__(self, *exc: Any) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
