"""What IT's monitoring scrapes at `/metrics` (Prometheus text format, `prometheus-client`).

Counters are counted where things happen — turns and refusals at the Teams edge (bot/endpoint.py),
proactive sends, 429s and retries in the messenger (bot/messenger.py) and the digest poster
(services/digest/), each scheduler job's last success (dfbot/scheduler.py) — and what lives in the
database (prompt queue depth, the latest digest's state, the Graph sign-in) is read when scraped
(services/monitoring.py). docs/monitoring.md has the alert rules.

Labels are closed sets named here (an activity type, a refusal code, an outcome, a job name): never a
person, a conversation, a tenant or free text, so nothing personal reaches the monitoring system and
the number of series stays fixed. `label()` folds anything unexpected into "other".

A leaf module like `infra/config.py`: every layer may count without importing the web app.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Info, ProcessCollector, generate_latest

# The classic text format every Prometheus-compatible scraper reads (Azure Monitor's managed Prometheus
# included); prometheus-client's newest default names a format version older scrapers refuse.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)  # memory, CPU, open files of this process

TURN_KINDS = frozenset({"message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "event"})
ERROR_KINDS = frozenset(
    {
        "Unauthorized",
        "Forbidden",
        "BadArgument",
        "BadJson",
        "TooLarge",
        "UnsupportedMediaType",
        "NotSupported",
        "turn_failed",
        "internal_error",
    }
)
SEND_OUTCOMES = frozenset({"sent", "unreachable", "failed"})
SERVICES = frozenset({"teams", "graph"})
JOBS = frozenset({"tick", "prompts", "digest", "retention purge", "admin alert checks", "admin alert delivery"})
DIGEST_STATES = ("none", "draft", "approved", "sending", "posted", "failed", "needs_admin")
SIGN_IN_STATES = ("none", "pending", "active", "expired")
CREDENTIALS = frozenset({"bot_secret", "bot_certificate", "graph_certificate"})

TURNS = Counter(
    "dfbot_turns",
    "Activities received on /api/messages and handed to the bot, by activity type.",
    ["kind"],
    registry=REGISTRY,
)
TURN_ERRORS = Counter(
    "dfbot_turn_errors",
    "Activities refused (4xx, by error code) or failed (turn_failed, internal_error).",
    ["kind"],
    registry=REGISTRY,
)
SENDS = Counter(
    "dfbot_sends",
    "Proactive messages (prompts, reminders, notices, the bot's digest post), by outcome.",
    ["outcome"],
    registry=REGISTRY,
)
THROTTLED = Counter(
    "dfbot_throttled",
    "429 Too Many Requests answers from Teams (Bot Connector) or Microsoft Graph.",
    ["service"],
    registry=REGISTRY,
)
RETRIES = Counter(
    "dfbot_retries", "Requests tried again after a 429 or a transient error.", ["service"], registry=REGISTRY
)
PROMPT_QUEUE = Gauge(
    "dfbot_prompt_queue_depth", "Prompts and reminders waiting to be sent or being sent.", registry=REGISTRY
)
SCHEDULER_LAST_SUCCESS = Gauge(
    "dfbot_scheduler_last_success_timestamp_seconds",
    "When each scheduler job last finished without an error (Unix time).",
    ["job"],
    registry=REGISTRY,
)
DIGEST_STATE = Gauge(
    "dfbot_digest_state",
    "The latest digest's state: 1 for the state it is in, 0 for the others.",
    ["state"],
    registry=REGISTRY,
)
DIGEST_LAST_POSTED = Gauge(
    "dfbot_digest_last_posted_timestamp_seconds", "When a digest was last posted (Unix time).", registry=REGISTRY
)
GRAPH_SIGN_IN = Gauge(
    "dfbot_graph_sign_in_state",
    "The delegated Graph sign-in: 1 for its state, 0 for the others.",
    ["state"],
    registry=REGISTRY,
)
GRAPH_SIGN_IN_LAPSES = Gauge(
    "dfbot_graph_sign_in_lapses_timestamp_seconds",
    "When the Graph sign-in lapses if unused (last refresh + 90 days; Unix time).",
    registry=REGISTRY,
)
CREDENTIAL_EXPIRY = Gauge(
    "dfbot_credential_expiry_timestamp_seconds",
    "When the bot's secret or a certificate expires (Unix time), where known.",
    ["credential"],
    registry=REGISTRY,
)
DATABASE_UP = Gauge("dfbot_database_up", "1 when the database answered the last scrape.", registry=REGISTRY)
BUILD = Info("dfbot_build", "The running release.", registry=REGISTRY)


# Every series exists from the start (at 0), so rate() and absent() in the alert rules see them before
# the first event; the label sets are closed, so this is all of them.
for _kind in TURN_KINDS:
    TURNS.labels(_kind)
for _kind in ERROR_KINDS:
    TURN_ERRORS.labels(_kind)
for _outcome in SEND_OUTCOMES:
    SENDS.labels(_outcome)
for _service in SERVICES:
    THROTTLED.labels(_service)
    RETRIES.labels(_service)


def label(value: str | None, allowed: frozenset[str] | tuple[str, ...]) -> str:
    """A label value from a closed set; anything else is "other" (never free text in a label)."""
    return value if value is not None and value in allowed else "other"


def count_turn(kind: str | None) -> None:
    TURNS.labels(label(kind, TURN_KINDS)).inc()


def count_error(kind: str) -> None:
    TURN_ERRORS.labels(label(kind, ERROR_KINDS)).inc()


def count_send(outcome: str, *, throttled: int = 0, retries: int = 0, service: str = "teams") -> None:
    if outcome:
        SENDS.labels(label(outcome, SEND_OUTCOMES)).inc()
    count_retry(service, throttled=throttled, retries=retries)


def count_retry(service: str, *, throttled: int = 0, retries: int = 0) -> None:
    if throttled:
        THROTTLED.labels(label(service, SERVICES)).inc(throttled)
    if retries:
        RETRIES.labels(label(service, SERVICES)).inc(retries)


def job_succeeded(job: str, now: float | None = None) -> None:
    SCHEDULER_LAST_SUCCESS.labels(label(job, JOBS)).set(now if now is not None else time.time())


def one_hot(gauge: Gauge, states: tuple[str, ...], current: str | None) -> None:
    for state in states:
        gauge.labels(state).set(1 if state == current else 0)


def render() -> bytes:
    return generate_latest(REGISTRY)
