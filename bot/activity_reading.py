"""An authenticated `/api/messages` body read into a botbuilder `Activity`, and its Teams channel data checked,
by msrest's own deserialisers: the same models and the same failures as `Activity().deserialize(body)` and
`TeamsChannelData().deserialize(data)` (tests/test_inbound_reading.py), for less (`bot/endpoint.py` calls them).
"""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity
from botbuilder.schema.teams import TeamsChannelData
from msrest.serialization import _FLATTEN, Deserializer, _decode_attribute_map_key, rest_key_extractor


# msrest's own deserialisers, each made once: `Model.deserialize` makes a new one for every call (its type
# tables and a table of every model in the schema module), which was three quarters of what reading a small
# channelData cost. A Deserializer keeps no state between calls (tests/test_inbound_reading.py).
class _JsonDeserializer(Deserializer):
    """msrest's Deserializer for a parsed JSON body, without two things it redid for every model it reads:
    asking its XML key extractor, which answers None for anything but an XML element (json.loads makes
    none), and working out a model's own keys from its attribute map (a class constant) to find the body's
    additional properties. Same models, same additional properties, same failures (tests/test_inbound_reading.py)."""

    def __init__(self, classes: dict[str, Any]) -> None:
        super().__init__(classes)
        self.key_extractors = [rest_key_extractor]
        self._known_keys: dict[int, tuple[dict[str, Any], frozenset[str]]] = {}  # id(map) -> (map, its keys)

    def _build_additional_properties(self, attribute_map: dict[str, Any], data: Any) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            return super()._build_additional_properties(attribute_map, data)
        if not self.additional_properties_detection:
            return None
        if "additional_properties" in attribute_map and attribute_map["additional_properties"].get("key") != "":
            return None  # the model has a real "additionalProperties" field
        kept = self._known_keys.get(id(attribute_map))
        if kept is None or kept[0] is not attribute_map:  # held, so its id is never another map's
            known = frozenset(
                _decode_attribute_map_key(_FLATTEN.split(desc["key"])[0])
                for desc in attribute_map.values()
                if desc["key"] != ""
            )
            kept = self._known_keys[id(attribute_map)] = (attribute_map, known)
        return {key: data[key] for key in data.keys() - kept[1]}


_ACTIVITY = _JsonDeserializer(Activity._infer_class_models())
_TEAMS_CHANNEL_DATA = _JsonDeserializer(TeamsChannelData._infer_class_models())


def read_activity(body: dict[str, Any]) -> Activity:
    """The activity msrest reads from `body`: `Activity().deserialize(body)`, with its deserialiser made once."""
    return _ACTIVITY("Activity", body)
