"""Verify the Dockerfile's base-image pin against the registry (issue 22): `make verify-base-image`.

The Dockerfile pins its base as `python:TAG@sha256:DIGEST`, so a rebuild months later starts from the same
bytes. A digest copied by hand could be wrong — mistyped, from another tag, or from another image — and
Docker would only say so at build time, on a machine that can reach the registry. This script says so
first, from the registry itself, with nothing but the Python standard library (no Docker needed):

1. the registry serves a manifest for DIGEST in the image's repository, and the bytes it serves hash to
   DIGEST (a registry is content-addressed: anything else is not that image);
2. it is a multi-platform index with a linux/amd64 image, whose manifest and configuration also hash to
   the digests the index names;
3. that image is what the tag says: its `PYTHON_VERSION` starts with the tag's Python version (3.11) and
   its history was built from the tag's Debian release (trixie);
4. for information: which digest the tag points at today. A tag moves with every rebuild of the base, so a
   difference is expected and is not a failure; docs/deploy.md says how to move the pin.

It speaks the Registry HTTP API v2 and its token authentication (a 401 with `WWW-Authenticate: Bearer
realm=…,service=…,scope=…`, an anonymous token from the realm, the request again with it), so it works
against Docker Hub, a mirror, or the local fake registry its tests use (`--registry`).

Exit status: 0 verified; 1 the pin is wrong (what is wrong is printed); 2 the registry could not be reached,
so NOTHING was verified (never reported as success).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DOCKER_HUB = "https://registry-1.docker.io"
INDEX_TYPES = ("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json")
IMAGE_TYPES = ("application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json")
_PIN = re.compile(
    r"^ARG BASE=(?P<name>[a-z0-9._/-]+):(?P<tag>[A-Za-z0-9._-]+)@sha256:(?P<digest>[0-9a-f]{64})\s*$", re.M
)
_CHALLENGE = re.compile(r'(\w+)="([^"]*)"')


class Unreachable(Exception):
    """The registry (or its token service) could not be reached: nothing was verified."""


class Wrong(Exception):
    """The pin does not name the image it claims to."""


@dataclass(frozen=True)
class Pin:
    name: str  # as written: "python"
    tag: str  # "3.11-slim-trixie"
    digest: str  # "sha256:…"

    @property
    def repository(self) -> str:
        """Docker Hub's official images live under library/."""
        return self.name if "/" in self.name else f"library/{self.name}"

    @property
    def python_version(self) -> str | None:
        found = re.match(r"(\d+\.\d+)", self.tag)
        return found.group(1) if found else None

    @property
    def debian_release(self) -> str | None:
        found = re.search(r"(bookworm|trixie|forky|bullseye)", self.tag)
        return found.group(1) if found else None


def read_pin(dockerfile: str) -> Pin:
    found = _PIN.search(dockerfile)
    if found is None:
        raise Wrong("the Dockerfile has no `ARG BASE=NAME:TAG@sha256:DIGEST` line: the base is not pinned by digest")
    return Pin(found["name"], found["tag"], f"sha256:{found['digest']}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # blobs redirect to a CDN: followed by hand, without the token
        return None


class Registry:
    def __init__(self, base: str = DOCKER_HUB, timeout: float = 20.0) -> None:
        self.base, self.timeout = base.rstrip("/"), timeout
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._tokens: dict[str, str] = {}

    def _open(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        try:
            with self._opener.open(urllib.request.Request(url, headers=headers), timeout=self.timeout) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()
        except (urllib.error.URLError, OSError, TimeoutError) as err:
            raise Unreachable(f"{urllib.parse.urlsplit(url).netloc}: {getattr(err, 'reason', err)}") from err

    def _token(self, challenge: str) -> str:
        if not challenge.lower().startswith("bearer "):
            raise Wrong(
                f"the registry asks for {challenge.split()[0]} authentication; only anonymous Bearer tokens are "
                "supported"
            )
        params = dict(_CHALLENGE.findall(challenge))
        realm = params.pop("realm", "")
        if not realm:
            raise Wrong(f"the registry's challenge names no token realm: {challenge!r}")
        status, _, body = self._open(f"{realm}?{urllib.parse.urlencode(params)}", {})
        if status != 200:
            raise Wrong(f"the token service refused an anonymous pull token ({status}): {body[:200]!r}")
        answer = json.loads(body)
        return answer.get("token") or answer.get("access_token") or ""

    def get(self, repository: str, path: str, accept: tuple[str, ...] = ()) -> tuple[int, dict[str, str], bytes]:
        """GET /v2/REPOSITORY/PATH, answering a token challenge once; a redirect (blobs) is followed without
        the token, as Docker does."""
        url = f"{self.base}/v2/{repository}/{path}"
        headers = {"Accept": ", ".join(accept)} if accept else {}
        for _ in range(2):
            if repository in self._tokens:
                headers["Authorization"] = f"Bearer {self._tokens[repository]}"
            status, answer_headers, body = self._open(url, headers)
            if status == 401 and repository not in self._tokens and "www-authenticate" in answer_headers:
                self._tokens[repository] = self._token(answer_headers["www-authenticate"])
                continue
            if status in (301, 302, 303, 307, 308) and "location" in answer_headers:
                return self._open(urllib.parse.urljoin(url, answer_headers["location"]), {})
            return status, answer_headers, body
        return status, answer_headers, body

    def content(self, repository: str, kind: str, digest: str, accept: tuple[str, ...] = ()) -> bytes:
        """A manifest or blob by digest, checked to hash to that digest."""
        status, _, body = self.get(repository, f"{kind}/{digest}", accept)
        if status == 404:
            raise Wrong(f"{self.base} has no {kind[:-1]} {digest} in {repository}")
        if status != 200:
            raise Wrong(f"{self.base} answered {status} for {kind[:-1]} {digest} in {repository}: {body[:200]!r}")
        actual = "sha256:" + hashlib.sha256(body).hexdigest()
        if actual != digest:
            raise Wrong(f"the registry's {kind[:-1]} for {digest} hashes to {actual}: it is not that content")
        return body


def verify(pin: Pin, registry: Registry) -> list[str]:
    """What was verified, line by line; Wrong or Unreachable otherwise."""
    said = []
    index = json.loads(registry.content(pin.repository, "manifests", pin.digest, INDEX_TYPES + IMAGE_TYPES))
    said.append(f"{pin.repository}@{pin.digest} exists and its manifest hashes to that digest")
    if index.get("mediaType") not in INDEX_TYPES and "manifests" not in index:
        raise Wrong(
            f"{pin.digest} is a single-platform image ({index.get('mediaType')}), not the tag's multi-platform index"
        )
    amd64 = [
        m
        for m in index["manifests"]
        if (m.get("platform") or {}).get("os") == "linux" and (m.get("platform") or {}).get("architecture") == "amd64"
    ]
    if not amd64:
        raise Wrong(f"{pin.digest} has no linux/amd64 image")
    manifest = json.loads(registry.content(pin.repository, "manifests", amd64[0]["digest"], IMAGE_TYPES))
    config = json.loads(registry.content(pin.repository, "blobs", manifest["config"]["digest"]))
    env = dict(e.split("=", 1) for e in (config.get("config") or {}).get("Env") or [] if "=" in e)
    history = " ".join(h.get("created_by", "") for h in config.get("history") or [])
    version = env.get("PYTHON_VERSION", "")
    if pin.python_version and not version.startswith(pin.python_version + "."):
        raise Wrong(f"{pin.digest} is Python {version or 'unknown'}, but the tag says {pin.python_version}")
    if pin.debian_release and pin.debian_release not in history:
        raise Wrong(f"{pin.digest} was not built from Debian {pin.debian_release}, as the tag says")
    said.append(
        f"its linux/amd64 image ({amd64[0]['digest']}) is Python {version} on Debian "
        f"{pin.debian_release or '(not named by the tag)'}, as {pin.name}:{pin.tag} says"
    )
    status, headers, _ = registry.get(pin.repository, f"manifests/{pin.tag}", INDEX_TYPES + IMAGE_TYPES)
    today = headers.get("docker-content-digest") if status == 200 else None
    if today == pin.digest:
        said.append(f"{pin.name}:{pin.tag} still points at this digest")
    elif today:
        said.append(
            f"{pin.name}:{pin.tag} has moved on to {today} (a newer build of the base; move the pin when "
            "you choose: docs/deploy.md, step 6)"
        )
    else:
        said.append(f"could not read which digest {pin.name}:{pin.tag} points at today ({status})")
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dockerfile", type=Path, default=Path(__file__).resolve().parents[1] / "Dockerfile")
    parser.add_argument("--registry", default=DOCKER_HUB, help=f"registry base URL (default {DOCKER_HUB})")
    args = parser.parse_args(argv)
    try:
        pin = read_pin(args.dockerfile.read_text(encoding="utf-8"))
        print(f"Base image pin: {pin.name}:{pin.tag}@{pin.digest}")
        for line in verify(pin, Registry(args.registry)):
            print(f"  ok: {line}")
    except Unreachable as why:
        print(
            f"NOT VERIFIED: the registry could not be reached ({why}). Run this where {args.registry} is "
            "reachable, or use `docker buildx imagetools inspect`.",
            file=sys.stderr,
        )
        return 2
    except Wrong as why:
        print(f"WRONG PIN: {why}", file=sys.stderr)
        return 1
    print("Verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
