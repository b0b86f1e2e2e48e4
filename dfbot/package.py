"""Build the Teams app package: `dfbot package OUT.zip` (or `python -m dfbot.package OUT.zip`).

The template `manifest/manifest.json` carries `{{NAME}}` placeholders; this fills them from the settings
(`MicrosoftAppId`, `PUBLIC_BASE_URL`) and the options below, and zips the manifest with the two icons at
the root of the archive — the shape the Teams admin centre and "Upload a custom app" expect.

Placeholders:
  {{MicrosoftAppId}}  the Azure Bot's app id: the Teams app id, the bot id and the tab SSO app id
  {{PUBLIC_HOST}}     host (and port, if not the default) of PUBLIC_BASE_URL, lower case
  {{PUBLIC_DOMAIN}}   the host name alone (no port): the domain whose links the app unfurls (messageHandlers)
  {{APP_VERSION}}     the package's version (Teams wants it raised for every upload)
  {{DEVELOPER_NAME}}, {{WEBSITE_URL}}, {{PRIVACY_URL}}, {{TERMS_URL}}  the publisher's details

Without an app id (local mode) a package is still built, with an all-zero app id and a warning, so
`make package` works on a machine that has no Azure registration; it is for looking at, not for
installing. For a public host an empty app id is an error unless `--allow-placeholder` is given, because
that package could only be a mistake.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from infra.config import Settings, get_settings

PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000"
ICONS = ("color.png", "outline.png")
DEFAULT_DEVELOPER_NAME = "Digital First programme office"

_PLACEHOLDER = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# A fixed timestamp for every archive member, so the same inputs give the same zip.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """Why the package cannot be built, naming the setting or option to fix."""


@dataclass(frozen=True)
class PackageOptions:
    allow_placeholder: bool = False
    app_version: str | None = None
    developer_name: str = DEFAULT_DEVELOPER_NAME
    website_url: str | None = None  # default: https://{host}/
    privacy_url: str | None = None  # default: https://{host}/privacy
    terms_url: str | None = None  # default: https://{host}/terms


def manifest_dir() -> Path:
    """The folder holding manifest.json and the icons: beside the source tree, or in the working directory."""
    for candidate in (Path(__file__).resolve().parent.parent / "manifest", Path.cwd() / "manifest"):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise PackageError("manifest/manifest.json not found: run from the project's folder or pass --manifest-dir")


def public_host(public_base_url: str) -> str:
    """The host of PUBLIC_BASE_URL as the manifest wants it: lower case, with the port only if it is not 443/80."""
    parts = urlsplit(public_base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PackageError(
            "PUBLIC_BASE_URL must be an absolute http(s) address such as https://dfbot.example.gov.uk, "
            f"not {public_base_url!r}"
        )
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise PackageError(
            "PUBLIC_BASE_URL must be the root of its host (no path): the tabs, the SSO "
            f"application id URI and validDomains are all per host, not {public_base_url!r}"
        )
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    default_port = 443 if parts.scheme == "https" else 80
    if parts.port and parts.port != default_port:
        host = f"{host}:{parts.port}"
    return host


def _app_version(explicit: str | None) -> str:
    version = explicit
    if version is None:
        try:
            version = metadata.version("dfbot")
        except metadata.PackageNotFoundError:
            version = "1.0.0"
    if not _SEMVER.match(version):
        raise PackageError(
            f"the app version must be three numbers such as 1.4.0 (Teams' rule), not {version!r}: pass --app-version"
        )
    return version


def placeholder_values(
    settings: Settings, options: PackageOptions = PackageOptions(), warn: Callable[[str], None] = lambda _msg: None
) -> dict[str, str]:
    """The value of every placeholder, checked; warnings for what is allowed but worth knowing."""
    host = public_host(settings.public_base_url)
    local = _hostname(host) in _LOCAL_HOSTS
    app_id = settings.app_id.strip()
    if not app_id:
        if not (local or options.allow_placeholder):
            raise PackageError(
                f"MicrosoftAppId is not set: set it to the Azure Bot's app id before building a package for {host} "
                "(or pass --allow-placeholder for a package that cannot be installed)"
            )
        warn(
            f"MicrosoftAppId is not set (local mode): the package uses the placeholder app id {PLACEHOLDER_APP_ID} "
            "and cannot be installed in Teams. Set MicrosoftAppId and PUBLIC_BASE_URL to build a real one."
        )
        app_id = PLACEHOLDER_APP_ID
    elif not _GUID.match(app_id):
        raise PackageError(f"MicrosoftAppId must be a GUID (the Azure Bot's app id), not {app_id!r}")
    if urlsplit(settings.public_base_url.strip()).scheme != "https" and not local:
        warn(
            f"PUBLIC_BASE_URL is not https: Teams loads tabs only over https, and the manifest points at https://{host}/"
        )
    if local and app_id != PLACEHOLDER_APP_ID:
        warn(
            f"PUBLIC_BASE_URL is {host}: Teams clients cannot reach it; "
            "set PUBLIC_BASE_URL to the bot's public https address"
        )
    base = f"https://{host}"
    values = {
        "MicrosoftAppId": app_id.lower(),
        "PUBLIC_HOST": host,
        "PUBLIC_DOMAIN": _hostname(host),
        "APP_VERSION": _app_version(options.app_version),
        "DEVELOPER_NAME": options.developer_name,
        "WEBSITE_URL": options.website_url or f"{base}/",
        "PRIVACY_URL": options.privacy_url or f"{base}/privacy",
        "TERMS_URL": options.terms_url or f"{base}/terms",
    }
    if not 0 < len(values["DEVELOPER_NAME"]) <= 32:
        raise PackageError("the developer name must be 1 to 32 characters (Teams' limit): pass --developer-name")
    for key, option in (
        ("WEBSITE_URL", "--website-url"),
        ("PRIVACY_URL", "--privacy-url"),
        ("TERMS_URL", "--terms-url"),
    ):
        if not values[key].lower().startswith("https://"):
            raise PackageError(f"{option} must be an https address, not {values[key]!r}")
    return values


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[: host.index("]") + 1]
    return host.split(":", 1)[0]


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every `{{NAME}}` in the JSON text; a name with no value is an error, never left behind."""
    missing = sorted({m.group(1) for m in _PLACEHOLDER.finditer(template)} - values.keys())
    if missing:
        raise PackageError(f"manifest.json has placeholders with no value: {', '.join(missing)}")
    # Values go inside JSON strings: escape them as JSON would.
    return _PLACEHOLDER.sub(lambda m: json.dumps(values[m.group(1)])[1:-1], template)


def build_manifest(
    settings: Settings,
    options: PackageOptions = PackageOptions(),
    *,
    source: Path | None = None,
    warn: Callable[[str], None] = lambda _msg: None,
) -> dict:
    source = source or manifest_dir()
    text = fill((source / "manifest.json").read_text(encoding="utf-8"), placeholder_values(settings, options, warn))
    return json.loads(text)


def build_package(
    out: Path,
    settings: Settings | None = None,
    options: PackageOptions = PackageOptions(),
    *,
    source: Path | None = None,
    warn: Callable[[str], None] = lambda _msg: None,
) -> dict:
    """Write the zip (manifest.json and both icons at its root) and return the filled manifest."""
    settings = settings or get_settings()
    source = source or manifest_dir()
    manifest = build_manifest(settings, options, source=source, warn=warn)
    for icon in ICONS:
        if not (source / icon).is_file():
            raise PackageError(f"{source / icon} is missing: run python manifest/make_icons.py")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    members = [("manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))]
    members += [(icon, (source / icon).read_bytes()) for icon in ICONS]
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    tmp.replace(out)
    return manifest


def build(out: Path, options: PackageOptions, manifest_dir: Path | None = None) -> int:
    """Build the package from the settings, saying what was built (stdout) or what is wrong (stderr): the exit code."""

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        try:
            settings = get_settings()
        except ValueError as exc:  # pydantic's ValidationError names the variable
            raise PackageError(f"the settings are not valid: {exc}") from exc
        manifest = build_package(out, settings, options, source=manifest_dir, warn=warn)
    except PackageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    where = f"https://{manifest['validDomains'][0]}/"
    if manifest["id"] == PLACEHOLDER_APP_ID:
        print(f"Built {out} for {where} with the placeholder app id: for looking at, not for installing.")
    else:
        print(
            f"Built {out}: Teams app {manifest['id']} version {manifest['version']} for {where} — "
            "upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app)."
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m dfbot.package OUT.zip [options]`: the same command as `dfbot package` (dfbot/cli/package.py)."""
    import typer

    from dfbot.cli.package import package  # start-up time: the CLI is loaded only when run as a command

    one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    one.command()(package)
    command = typer.main.get_command(one)
    try:
        command.main(args=argv, prog_name="python -m dfbot.package", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
