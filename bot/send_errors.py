"""What a failed Bot Connector call says: its HTTP status, its Retry-After, whether it ever reached the
service, and a reason an admin can read (`bot.messenger` re-exports these)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from aiohttp import ClientConnectorError

__all__ = ["error_reason", "http_status", "never_connected", "retry_after"]


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind a botbuilder/msrest error (ErrorResponseException is an HttpOperationError)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return int(status) if isinstance(status, int) else None


def retry_after(exc: BaseException, now: datetime | None = None) -> float | None:
    """Retry-After in seconds: Teams sends whole seconds; an HTTP date is accepted too."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    raw = headers.get("Retry-After") if hasattr(headers, "get") else None
    if raw is None:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return max((moment - (now or datetime.now(UTC))).total_seconds(), 0.0)


def never_connected(exc: BaseException | None) -> bool:
    """Whether the request never reached the service (the connection was refused or could not be made), so
    nothing can have arrived; a timeout or a dropped connection after sending is not that (it may have)."""
    seen: set[int] = set()
    while isinstance(exc, BaseException) and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (ClientConnectorError, ConnectionRefusedError)):
            return True
        inner = getattr(exc, "inner_exception", None)  # msrest's: sometimes the error body, not an exception
        exc = inner if isinstance(inner, BaseException) else (exc.__cause__ or exc.__context__)
    return False


def error_reason(exc: BaseException) -> str:
    """What went wrong, for admins: the service's code and message when it gave them."""
    status = http_status(exc)
    body = getattr(getattr(exc, "error", None), "error", None)
    code, message = getattr(body, "code", None), getattr(body, "message", None)
    if status is None:
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    detail = " ".join(str(x) for x in (code, message) if x)
    return f"HTTP {status}{': ' + detail if detail else ''}"[:500]
