"""msrest's serializer, with a short cut for the Adaptive Cards the bot sends (`bot.connector_pool` uses it
and re-exports it)."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity
from msrest.exceptions import SerializationError
from msrest.serialization import Model

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
            body = self._model(data)
            if body is None:
                body = self._inner._serialize(data, data_type)
        finally:
            for attachment, content in zip(attachments, contents, strict=True):
                attachment.content = content
        for item, content in zip(body.get("attachments") or (), contents, strict=True):
            if content is not None:
                item["content"] = content
        return body

    def _model(self, model: Model) -> dict[str, Any] | None:
        """What msrest's `_serialize` makes of `model`, without its per-attribute machinery for the plain
        parts: a str, bool, int or float attribute holding exactly that type is copied, a nested model
        (the sender, the conversation) is done the same way, and any other attribute (dates, lists, enums,
        `object`) is handed to msrest's own `serialize_data` as `_serialize` would. None: a model this
        cannot mirror (validation rules, flattened or XML keys): msrest does the whole activity."""
        fields = _fields(type(model))
        if fields is None:
            return None
        out: dict[str, Any] = {}
        for attr, key, kind, desc in fields:
            value = getattr(model, attr)
            if value is None:
                continue
            if type(value) is _SIMPLE.get(kind):
                out[key] = value
                continue
            if isinstance(value, Model) and kind in self._inner.dependencies:
                nested = self._model(value)
                if nested is not None:
                    out[key] = nested
                    continue
            try:
                out[key] = self._inner.serialize_data(value, kind, is_xml=False, serialization_ctxt=desc)
            except ValueError as err:  # as msrest's `_serialize`: a value it cannot serialise is left out
                if isinstance(err, SerializationError):
                    raise
        return out


_SIMPLE: dict[str, type] = {"str": str, "bool": bool, "int": int, "float": float}
_FIELDS: dict[type, tuple[tuple[str, str, str, dict[str, Any]], ...] | None] = {}


def _fields(cls: type[Model]) -> tuple[tuple[str, str, str, dict[str, Any]], ...] | None:
    """(attribute, JSON key, msrest type, its description) for each attribute of a model class, once per class;
    None when msrest would do more than copy keys (validation, flattened "a.b" keys, extra properties, XML)."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    attributes = getattr(cls, "_attribute_map", None) or {}
    plain = (
        not getattr(cls, "_validation", None)
        and not cls.is_xml_model()
        and all("." not in d["key"] and d["key"] for d in attributes.values())
        and "additional_properties" not in attributes
    )
    fields = tuple((attr, d["key"], d["type"], d) for attr, d in attributes.items()) if plain else None
    _FIELDS[cls] = fields
    return fields


def _validated(activity: Activity) -> bool:
    """Would msrest's validation have anything to check here? (Not in botbuilder 4.17's schema.)"""
    return bool(type(activity)._validation or any(type(a)._validation for a in activity.attachments or ()))


_PLAIN_JSON = (type(None), str)
