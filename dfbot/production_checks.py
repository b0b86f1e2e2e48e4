"""What a production start must get right, checked before `dfbot serve` takes traffic.

Settings that are wrong in production tend to fail silently: a localhost PUBLIC_BASE_URL gives cards
and the Graph sign-in links nobody can open, a short SECRET_KEY protects the stored Graph sign-in
badly, `DIGEST_TRANSPORT=outbox` writes digests no one reads, and a misspelt variable is simply
ignored. So, outside local mode:

- `production_problems` — what stops `dfbot serve` (each message names the setting and the fix);
- `production_warnings` — what it starts with but says, in the log and in `/readyz`.

A misspelt or unknown variable is warned about in local mode too (a typo there is as silent). Pure
functions over the settings, the environment and the `.env` file's names: values are never read into
a message, so a secret cannot end up in a log.
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices

from infra.certificates import CertificateProblem, load_certificate
from infra.config import Settings
from programme.posting import THREAD_ID, team_id

MIN_SECRET_KEY = 32  # characters; `secrets.token_urlsafe(32)` gives 43
WARN_DAYS = 30  # a credential expiring within this many days is a warning at start
# Names some helpers read outside `Settings` (tests, the safety switch): known, so never "unknown".
EXTRA_KNOWN = {"LOCAL_MODE", "DFBOT_REQUIRE_PG"}
# Prefixes only this bot uses: an environment variable starting with one of them is ours, or a typo.
OUR_PREFIXES = (
    "MICROSOFTAPP",
    "MICROSOFT_APP_",
    "DFBOT_",
    "DLG_",
    "DIGEST_",
    "GRAPH_",
    "BOT_",
    "RETENTION_",
    "SCHEDULER_",
    "DASHBOARD_",
    "OUTBOX_",
    "EXPORT_",
    "ADMIN_",
    "ALLOWED_TENANT",
    "PROGRAMME_",
    "RECLAIM_",
    "PUBLIC_BASE",
    "SECRET_KEY",
)
_LOCAL_HOSTS = {"localhost", "localhost.localdomain", "0.0.0.0", "host.docker.internal"}


def known_settings() -> set[str]:
    """Every environment variable `Settings` reads (upper case: pydantic-settings ignores case)."""
    names = set(EXTRA_KNOWN)
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        choices = alias.choices if isinstance(alias, AliasChoices) else [alias] if alias else []
        names.update(str(c).upper() for c in choices if isinstance(c, str))
    return names


def production_problems(settings: Settings, *, now: datetime | None = None) -> list[str]:
    """Why this configuration must not serve in production ([] outside local mode when all is well)."""
    if settings.local_mode:
        return []
    problems = []
    problem = _public_base_url(settings.public_base_url)
    if problem:
        problems.append(problem)
    secret = settings.secret_key.get_secret_value()
    if settings.digest_transport == "graph" and len(secret) < MIN_SECRET_KEY:
        problems.append(
            f"SECRET_KEY is {'not set' if not secret else f'{len(secret)} characters'}: with "
            f"DIGEST_TRANSPORT=graph it encrypts the stored Graph sign-in and must be at least "
            f'{MIN_SECRET_KEY} random characters (python -c "import secrets; '
            'print(secrets.token_urlsafe(48))"), kept in the secret store.'
        )
    if settings.digest_transport == "graph" and _looks_like_thread_id(settings.dlg_team_id):
        problems.append(
            "DLG_TEAM_ID is a Teams thread id (19:…@thread.tacv2), but DIGEST_TRANSPORT=graph needs the "
            "team's group id: the GUID after groupId= in the channel's link (Get link to channel)."
        )
    for kind, certificate in _certificates(settings):
        try:
            loaded = load_certificate(*certificate[:2], setting=certificate[2], password_setting=certificate[3])
        except CertificateProblem as exc:
            problems.append(f"The {kind} cannot be used: {exc}")
            continue
        if loaded.not_after <= (now or datetime.now(UTC)):
            problems.append(
                f"The {kind} ({certificate[2]}, thumbprint {loaded.thumbprint[:8]}…) expired on "
                f"{loaded.not_after:%d/%m/%Y}: upload a new one to the app registration and point "
                f"{certificate[2]} at it."
            )
    return problems


def production_warnings(
    settings: Settings,
    environ: Mapping[str, str] | None = None,
    *,
    dotenv: Path | None = Path(".env"),
    now: datetime | None = None,
) -> list[str]:
    """What is allowed but worth an administrator's attention: said in the log at start and in /readyz."""
    warnings = unknown_variables(environ or {}, _dotenv_names(dotenv))
    if settings.local_mode:
        return warnings
    if settings.digest_transport == "outbox":
        warnings.insert(
            0,
            f"DIGEST_TRANSPORT is outbox: digests are only written to files in OUTBOX_DIR "
            f"({settings.outbox_dir}) and the DLG never sees them. Set DIGEST_TRANSPORT=graph or bot.",
        )
    today = (now or datetime.now(UTC)).date()
    if settings.bot_secret_expires_on and not settings.bot_certificate_path.strip():
        left = (settings.bot_secret_expires_on - today).days
        if left <= WARN_DAYS:
            warnings.append(
                f"The bot's client secret (MicrosoftAppPassword) {_expiry(left, settings.bot_secret_expires_on)}"
                " (BOT_SECRET_EXPIRES_ON): create a new one before then (docs/deploy.md, rotating credentials)."
            )
    for kind, certificate in _certificates(settings):
        try:
            loaded = load_certificate(*certificate[:2], setting=certificate[2], password_setting=certificate[3])
        except CertificateProblem:
            continue  # a problem, reported by production_problems
        left = (loaded.not_after.date() - today).days
        if 0 <= left <= WARN_DAYS:
            warnings.append(
                f"The {kind} ({certificate[2]}, thumbprint {loaded.thumbprint[:8]}…) "
                f"{_expiry(left, loaded.not_after.date())}: add a new one to the app registration, roll "
                "the replicas, then remove the old one (docs/deploy.md, rotating credentials)."
            )
    return warnings


def unknown_variables(environ: Mapping[str, str], dotenv_names: Iterable[str] = ()) -> list[str]:
    """A variable in `.env` that is not a setting, or one in the environment that looks like ours (our
    prefixes, or close to a setting's name) but is not one: named, with the setting it may have meant."""
    known = known_settings()
    warnings = []
    for where, names, every in (("the .env file", dotenv_names, True), ("the environment", environ.keys(), False)):
        for name in sorted(set(names)):
            upper = name.upper()
            if upper in known:
                continue
            near = difflib.get_close_matches(upper, sorted(known), n=1, cutoff=0.8)
            if not (every or near or upper.startswith(OUR_PREFIXES)):
                continue
            hint = f" (did you mean {_spelling(near[0])}?)" if near else ""
            warnings.append(
                f"{name} in {where} is not a setting of this bot, so it is ignored{hint}. The settings "
                "are in the README's Configuration table."
            )
    return warnings


def _spelling(upper: str) -> str:
    """A known name as the README spells it (MicrosoftAppId rather than MICROSOFTAPPID)."""
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        for choice in alias.choices if isinstance(alias, AliasChoices) else [alias] if alias else []:
            if isinstance(choice, str) and choice.upper() == upper:
                return choice
    return upper


def _dotenv_names(path: Path | None) -> list[str]:
    """The variable names a `.env` file sets (the values are not read into anything)."""
    if path is None or not path.is_file():
        return []
    names = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name = line.split("=", 1)[0].strip()
        name = name.removeprefix("export ").strip()
        if name:
            names.append(name)
    return names


def _public_base_url(url: str) -> str | None:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    why = None
    if parts.scheme != "https" or not host:
        why = "must be an https address"
    elif host in _LOCAL_HOSTS or host.endswith(".localhost") or _loopback(host):
        why = "names this machine, which Teams clients cannot reach"
    if why is None:
        return None
    return (
        f"PUBLIC_BASE_URL is {url!r}: it {why}. Set it to the bot's public https address, e.g. "
        "https://dfbot.example.gov.uk (links in cards and digests, the dashboard and the Graph sign-in's "
        "redirect URI are built from it)."
    )


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _looks_like_thread_id(team: str) -> bool:
    return bool(team.strip()) and team_id(team).form == THREAD_ID


def _certificates(settings: Settings) -> list[tuple[str, tuple[str, str, str, str]]]:
    found, seen = [], set()
    for kind, certificate in (
        ("bot's certificate", settings.bot_certificate),
        ("Graph sign-in's certificate", settings.graph_certificate),
    ):
        if (
            certificate[0]
            and certificate[0] not in seen
            and (kind.startswith("bot") or settings.digest_transport == "graph")
        ):
            seen.add(certificate[0])
            found.append((kind, certificate))
    return found


def _expiry(left: int, on: date) -> str:
    if left < 0:
        return f"expired on {on:%d/%m/%Y}"
    return f"expires {'today' if left == 0 else 'tomorrow' if left == 1 else f'in {left} days'} ({on:%d/%m/%Y})"
