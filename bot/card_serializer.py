"""msrest's serializer, with a short cut for the Adaptive Cards the bot sends (`bot.connector_pool` uses it
and re-exports it)."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

__all__ = ["CardsAsTheyAre"]


class CardsAsTheyAre:
    """The connector's msrest `Serializer`, with two shortcuts for an outgoing `Activity`:

    * attachment content that is a plain dict (an Adaptive Card: JSON already) goes into the body as it
      is. msrest types it as `object` and walks it node by node, checking and converting each value —
      for an answer card, most of the CPU a reply costs — to produce the same dict;
    * an `Activity` model is serialised directly. `Serializer.body` first rebuilds the model through a
      `Deserializer` ("just in case this is a dict") and validates it against `_validation` rules that
      the Bot Framework schema leaves empty, then serialises it: the same result for twice the work.

    Anything else (other operations, dict bodies, non-dict attachment content) is msrest's own path.
    tests/test_connector_pool.py checks the bodies are identical.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        if data_type != "Activity" or not isinstance(data, Activity) or kwargs:
            return self._inner.body(data, data_type, **kwargs)
        attachments = data.attachments or ()
        contents = [getattr(a, "content", None) for a in attachments]
        if not all(type(c) in _PLAIN_JSON or isinstance(c, dict) for c in contents) or _validated(data):
            return self._inner.body(data, data_type, **kwargs)
        try:
            for attachment in attachments:
                attachment.content = None
            body = self._inner._serialize(data, data_type)
        finally:
            for attachment, content in zip(attachments, contents, strict=True):
                attachment.content = content
        for item, content in zip(body.get("attachments") or (), contents, strict=True):
            if content is not None:
                item["content"] = content
        return body


def _validated(activity: Activity) -> bool:
    """Would msrest's validation have anything to check here? (Not in botbuilder 4.17's schema.)"""
    return bool(type(activity)._validation or any(type(a)._validation for a in activity.attachments or ()))


_PLAIN_JSON = (type(None), str)
