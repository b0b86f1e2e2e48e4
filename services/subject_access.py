"""Subject access (`dfbot person export`) and erasure (`dfbot person forget`), each one audited.

The audit entries say that an export or an erasure happened, for which anonymised row, with what
counts and under which case reference; they never repeat the name, email or ids, so erasing a
person does not leave a fresh copy of them in the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from infra.private_files import write_private_text
from programme.erasure import Identity, Scrubber, forgotten_label, mentions
from programme.subject_access import render_html
from store import audit, subject_repo
from store.db import Database

log = logging.getLogger("dfbot.subject_access")
TEXT_FILES = {".html", ".htm", ".json", ".md", ".txt", ".csv", ".xml", ".eml"}


class PersonNotFound(LookupError):
    """No one with that email is held (never held, or already forgotten)."""


@dataclass(frozen=True)
class ExportResult:
    person_id: int
    json_path: Path
    html_path: Path
    counts: dict[str, int]


def _text_files(folders: list[Path]) -> list[Path]:
    return sorted(
        p
        for folder in folders
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and p.suffix.lower() in TEXT_FILES
    )


def files_mentioning(folders: list[Path], identity: Identity) -> list[dict[str, Any]]:
    """Outbox and export files whose text mentions the person (path and how many lines)."""
    found: list[dict[str, Any]] = []
    for path in _text_files(folders):
        lines = mentions(path.read_text(encoding="utf-8", errors="replace").splitlines(), identity)
        if lines:
            found.append({"path": str(path), "lines_mentioning": len(lines)})
    return found


def scrub_files(folders: list[Path], identity: Identity, replacement: str) -> int:
    """Rewrite text files that mention the person; returns how many changed."""
    scrubber, changed = Scrubber(identity, replacement), 0
    for path in _text_files(folders):
        text = path.read_text(encoding="utf-8", errors="replace")
        new = "\n".join(scrubber.text(line) for line in text.split("\n"))
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def _counts(held: dict[str, Any]) -> dict[str, int]:
    return {k: (1 if isinstance(v, dict) else len(v)) for k, v in held.items()}


async def export_person(
    db: Database,
    email: str,
    out_dir: Path,
    *,
    now: datetime,
    actor: str,
    files: Sequence[Path] = (),
    tz: str = "Europe/London",
    reference: str = "",
) -> ExportResult:
    """Write everything held about one person as JSON and as a readable page, and audit that we did."""
    async with db.unit_of_work() as session:
        person = await subject_repo.person_by_email(session, email)
        if person is None:
            raise PersonNotFound(email)
        held = await subject_repo.held_about(session, person)
        held["files"] = files_mentioning(list(files), await subject_repo.identity_of(session, person))
        counts = _counts(held)
        entry = audit.record(
            session,
            actor=actor,
            action="subject_access_export",
            entity="person",
            key=str(person.id),
            after={"sections": counts, "reference": reference},
        )
        entry.at = now
        stem = out_dir / f"subject-access-person-{person.id}-{now:%Y-%m-%d}"
        json_path, html_path = stem.with_suffix(".json"), stem.with_suffix(".html")
        document = {"generated_at": now.isoformat(), "person_id": person.id, "held": subject_repo.json_ready(held)}
        # Owner-only (0600 files, a new folder 0700): everything held about one person.
        write_private_text(json_path, json.dumps(document, indent=2, ensure_ascii=False))
        write_private_text(html_path, render_html(held, generated_at=now, tz=tz))
    log.info("subject access export written for person #%s", person.id)
    return ExportResult(person.id, json_path, html_path, counts)


async def forget_person(
    db: Database, email: str, *, now: datetime, actor: str, files: Sequence[Path] = (), reference: str = ""
) -> subject_repo.ForgetReport:
    """Erase one person from the database and from the bot's own files; the record of updates stays true."""
    async with db.unit_of_work() as session:
        person = await subject_repo.person_by_email(session, email)
        if person is None:
            raise PersonNotFound(email)
        report, identity = await subject_repo.forget(session, person, now=now)
        files_changed = scrub_files(list(files), identity, forgotten_label(person.id))
        entry = audit.record(
            session,
            actor=actor,
            action="forget",
            entity="person",
            key=str(person.id),
            after={
                "removed": {**report.counts(), "files_anonymised": files_changed},
                "projects_left_without_this_person": report.project_roles_removed,
                "reference": reference,
            },
        )
        entry.at = now
    report.files_anonymised = files_changed
    log.info(
        "person #%s forgotten: %s", report.person_id, ", ".join(f"{k}={v}" for k, v in sorted(report.counts().items()))
    )
    return report
