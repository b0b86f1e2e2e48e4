"""A message as typed, before any question in it is read: small talk, or up to three questions.

"thanks!" and "morning all" are small talk (a friendly word back, not "not sure"); "thanks! also, who
leads the shared care record?" is one question; "who leads the chatbot, what % is it at and when's its
next milestone?" is three.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import field_parts, noise, parts
from .normalise import clean


@dataclass(frozen=True)
class Message:
    parts: tuple[str, ...]  # each part as typed (empty when the message is small talk)
    small_talk: str | None = None  # "hello", "thanks" or "wishes"


def read_message(raw: str) -> Message:
    cleaned = noise.mend(clean(raw))
    kind = noise.small_talk(cleaned)
    if kind:
        return Message((), kind)
    pieces = tuple(p for p in parts.split(raw) if noise.strip(noise.mend(clean(p))))
    each = [f for p in pieces for f in field_parts.split(p)]  # "rag and % for payroll": two questions
    return Message(tuple(each) if len(each) <= parts.MAX_PARTS else pieces or (raw,))
