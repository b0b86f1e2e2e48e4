"""Answering members' questions about the programme: a small parser you can read, not a black box.

`parse()` turns a question into a `Query` (an intent, the projects, people, areas, enablers and dates
it is about, and how sure it is). The store executes a query into a `Result`; `answers.render()`
turns that into text and an Adaptive Card. Nothing here does I/O or imports an SDK.
"""

from .parser import parse
from .query import CONFIDENT, Candidate, Context, DateRange, Query, next_context
from .vocab import PersonEntry, ProjectEntry, TermEntry, Vocabulary

__all__ = [
    "CONFIDENT",
    "Candidate",
    "Context",
    "DateRange",
    "PersonEntry",
    "ProjectEntry",
    "Query",
    "TermEntry",
    "Vocabulary",
    "next_context",
    "parse",
]
