"""Structured logs: JSON when not on a terminal, one correlation id per turn. No secrets or message bodies."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

correlation_id: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="-")


_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/=]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_SECRET_PARAM = re.compile(r"(?i)\b(client_secret|password|access_token|refresh_token|id_token|code)=[^&\s\"']+")


class RedactingFilter(logging.Filter):
    """The last line of defence: whatever a library or a careless message puts in a log line, bearer
    tokens, JWTs, email addresses, `secret=` parameters and the configured secrets are masked before
    it is written. Logging no personal data in the first place is still the rule (docs/data-protection.md).
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        text = _BEARER.sub(lambda m: f"{m.group(1)} [token]", text)
        text = _JWT.sub("[token]", text)
        text = _SECRET_PARAM.sub(lambda m: f"{m.group(1)}=[secret]", text)
        return _EMAIL.sub("[email]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _exception(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    """The (already redacted) traceback text when the filter prepared one."""
    return record.exc_text or (formatter.formatException(record.exc_info) if record.exc_info else "")


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "cid": correlation_id.get(),
        }
        if record.exc_info or record.exc_text:
            out["exc"] = _exception(self, record)
        return json.dumps(out, ensure_ascii=False)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = (
            f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name} "
            f"[{correlation_id.get()}] {record.getMessage()}"
        )
        if record.exc_info or record.exc_text:
            base += "\n" + _exception(self, record)
        return base


def configure(level: str = "INFO", stream=None, secrets: Iterable[str] = ()) -> None:
    """One handler on the root logger, with redaction; `secrets` are values never to be written."""
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_TextFormatter() if stream.isatty() else _JsonFormatter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # These log request headers, bodies or SQL parameters (names, update text) at DEBUG/INFO: never below WARNING.
    for noisy in (
        "aiohttp.access",
        "msrest",
        "azure",
        "httpx",
        "urllib3",
        "sqlalchemy.engine",
        "aiosqlite",
        "asyncpg",
        "msal",
        "botframework.connector",
        "msgraph",
        "kiota_http",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
