"""Good wishes and praise a message may be made of: "have a good half term!", "enjoy the weekend", "good bot".
They are small talk, like a greeting or thanks (`noise.small_talk`), and fall away before a question like them."""

from __future__ import annotations

from itertools import product

_OCCASIONS = (
    "half term",
    "half-term",
    "weekend",
    "long weekend",
    "bank holiday",
    "bank holiday weekend",
    "week",
    "day",
    "evening",
    "night",
    "holiday",
    "holidays",
    "break",
    "summer",
    "christmas",
    "easter",
    "time off",
    "leave",
)
_KIND = ("", "good ", "great ", "nice ", "lovely ", "fab ", "relaxing ", "restful ", "happy ", "well earned ")
_OPENINGS = ("have a ", "have a really ", "enjoy the ", "enjoy your ", "enjoy ")

WISHES = tuple(
    sorted(
        {f"{o}{k}{occasion}" for o, k, occasion in product(_OPENINGS, _KIND, _OCCASIONS) if o != "have a " or k}
        | {f"happy {occasion}" for occasion in ("half term", "half-term", "holidays", "bank holiday", "weekend")}
        | {"you too", "and you", "same to you", "take care", "speak soon", "see you", "bye", "bye for now"},
        key=len,
        reverse=True,
    )
)
PRAISE = (
    "good bot",
    "clever bot",
    "great bot",
    "nice bot",
    "good boy",
    "well done",
    "good job",
    "nice work",
    "good work",
    "great work",
    "smashing",
    "spot on",
    "helpful",
    "very helpful",
    "that helps",
    "that s helpful",
    "thats helpful",
)
# "What can you do?" after a greeting: small talk, a hello with a question to try (`noise.small_talk`).
ABILITY = frozenset(
    {"what can you do", "what can u do", "what do you do", "what are you for", "what can you help with", "what do u do"}
)
