"""How long the bot keeps each kind of data: the policy, and the moment before which things go.

Why here, without I/O: the periods are a data protection decision the council signs off (they are
quoted in docs/data-protection.md), so they are computed in one place and tested with a frozen
clock. The store deletes what is older than these cutoffs; nothing else decides.

A period of 0 switches that rule off (keep until removed some other way); it is never "delete now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class RetentionPolicy:
    processed_activity_days: int = 1  # de-duplication of redelivered activities (minutes matter, not months)
    conversation_state_days: int = 90  # follow-up context of a chat
    unreachable_ref_days: int = 30  # a chat Teams refused (blocked, uninstalled, account disabled)
    idle_ref_days: int = 365  # a chat with someone who no longer leads, deputises or administers
    prompt_delivery_days: int = 365  # the record of who was prompted and reminded
    inactive_person_days: int = 365  # a person the bot holds nothing else about
    outbox_days: int = 90  # digest files written by the outbox transport
    export_days: int = 30  # subject access and FOI files left in the export folder
    programme_end: date | None = None  # the programme's record is kept until this date plus...
    record_years: int = 6  # ...this many years: updates, digests, deliveries
    audit_years: int = 6  # ...and this many for the audit log


@dataclass(frozen=True)
class Cutoffs:
    """Anything dated before a cutoff is past retention; None means the rule is off."""

    processed_activities: datetime | None
    conversation_states: datetime | None
    unreachable_refs: datetime | None
    idle_refs: datetime | None
    prompt_deliveries: datetime | None
    inactive_people: datetime | None
    outbox_files: datetime | None
    export_files: datetime | None
    programme_record: datetime | None
    audit: datetime | None


def _days_before(now: datetime, days: int) -> datetime | None:
    return now - timedelta(days=days) if days > 0 else None


def _after_programme(end: date | None, years: int, now: datetime) -> datetime | None:
    """The programme's record goes only once the programme has ended and its extra years have passed.

    Until then the cutoff is None (keep everything); after, everything older than `now` may go,
    because the whole record has outlived its purpose at the same moment.
    """
    if end is None or years <= 0:
        return None
    expiry = datetime.combine(end + relativedelta(years=years), time(0), UTC)
    return now if now >= expiry else None


def cutoffs(policy: RetentionPolicy, now: datetime) -> Cutoffs:
    if now.tzinfo is None:
        raise ValueError("retention needs an aware datetime")
    return Cutoffs(
        processed_activities=_days_before(now, policy.processed_activity_days),
        conversation_states=_days_before(now, policy.conversation_state_days),
        unreachable_refs=_days_before(now, policy.unreachable_ref_days),
        idle_refs=_days_before(now, policy.idle_ref_days),
        prompt_deliveries=_days_before(now, policy.prompt_delivery_days),
        inactive_people=_days_before(now, policy.inactive_person_days),
        outbox_files=_days_before(now, policy.outbox_days),
        export_files=_days_before(now, policy.export_days),
        programme_record=_after_programme(policy.programme_end, policy.record_years, now),
        audit=_after_programme(policy.programme_end, policy.audit_years, now),
    )
