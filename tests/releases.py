"""The previous release, as a second copy of the code, for the tests that run two releases against one
database (tests/test_two_releases.py, issue 22).

"The previous release" is read from git, not written by hand: the newest commit on this branch's
first-parent line (HEAD included, for a migration not yet committed) whose migrations are a proper
prefix of this checkout's — the code as it was just before the newest migration arrived. It is
unpacked with `git archive` into a folder and run with this virtualenv, PYTHONPATH pointing at the
copy (which comes before the editable install on sys.path), so nothing new is installed.

A shallow clone (CI's `actions/checkout` default) has no such commit: its history is deepened from its
remote first (`git fetch --deepen`), and only when that fails is the test skipped, saying why.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = "store/migrations/versions"
COMPATIBILITY = "0009"  # the first migration that records `compatible_from`; an older release cannot roll
_REVISION = re.compile(r'^revision\s*(?::\s*str\s*)?=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*(?::[^=]+)?=\s*(?:["\']([^"\']+)["\']|None)', re.M)


class NoPreviousRelease(Exception):
    """Why there is no previous release to run (said as the skip reason)."""


@dataclass(frozen=True)
class Release:
    commit: str
    subject: str
    revisions: tuple[str, ...]  # its migrations, oldest first

    @property
    def head(self) -> str:
        return self.revisions[-1]

    def unpack(self, into: Path) -> Path:
        """This release's files (git archive), as a folder to put on PYTHONPATH."""
        into.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", self.commit],
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            try:
                tar.extractall(into, filter="data")
            except TypeError:  # a Python 3.11 before 3.11.4 has no extraction filters; git's own archive is trusted
                tar.extractall(into)
        return into


def _git(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=timeout)


def revisions_at(commit: str) -> tuple[str, ...] | None:
    """The migration chain at `commit`, oldest first (None when it is not one straight line)."""
    listing = _git("ls-tree", "--name-only", f"{commit}:{VERSIONS}")
    if listing.returncode != 0:
        return None
    down_of: dict[str, str | None] = {}
    for name in listing.stdout.split():
        if not re.match(r"^\d{4}_.*\.py$", name):
            continue
        source = _git("show", f"{commit}:{VERSIONS}/{name}").stdout
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        down_of[revision.group(1)] = down.group(1)
    chain: list[str] = []
    children = {down: rev for rev, down in down_of.items()}
    if len(children) != len(down_of):
        return None  # two heads: not a release anyone shipped
    rev = children.get(None)
    while rev is not None:
        chain.append(rev)
        rev = children.get(rev)
    return tuple(chain) if len(chain) == len(down_of) else None


def _candidates() -> list[str]:
    """HEAD, then the first parent of every first-parent commit that touched the migrations, newest first."""
    touched = _git("rev-list", "--first-parent", "HEAD", "--", VERSIONS).stdout.split()
    return ["HEAD", *(f"{commit}^1" for commit in touched)]


def _find(ours: tuple[str, ...]) -> Release | None:
    for candidate in _candidates():
        commit = _git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
        if commit.returncode != 0:
            continue  # the parent is beyond a shallow clone's boundary
        revisions = revisions_at(commit.stdout.strip())
        if revisions and len(revisions) < len(ours) and ours[: len(revisions)] == revisions:
            subject = _git("log", "-1", "--format=%s", commit.stdout.strip()).stdout.strip()
            return Release(commit.stdout.strip(), subject, revisions)
    return None


def _deepen() -> str | None:
    """Fetch more history into a shallow clone; None when it worked, else what went wrong."""
    remote = (_git("remote").stdout.split() or [None])[0]
    if remote is None:
        return "it has no remote to fetch history from"
    done = _git("fetch", "--quiet", "--deepen=200", remote, timeout=300)
    said = " ".join(done.stderr.split())[:300]
    return None if done.returncode == 0 else f"`git fetch --deepen=200 {remote}` failed: {said}"


def previous_release(ours: tuple[str, ...]) -> Release:
    """The release before this checkout's newest migration, or NoPreviousRelease saying why there is none."""
    if _git("rev-parse", "--git-dir").returncode != 0:
        raise NoPreviousRelease(f"{ROOT} is not a git clone: the previous release is read from its history")
    found = _find(ours)
    for _ in range(5):
        if found is not None or _git("rev-parse", "--is-shallow-repository").stdout.strip() != "true":
            break
        if (why := _deepen()) is not None:
            raise NoPreviousRelease(f"this is a shallow clone and {why}; run `git fetch --unshallow` and test again")
        found = _find(ours)
    if found is None:
        raise NoPreviousRelease(
            "no commit in this clone's history has an earlier migration head than "
            f"{ours[-1]}: there is no previous release to run against the new schema"
        )
    if COMPATIBILITY not in found.revisions:
        raise NoPreviousRelease(
            f"the previous release ({found.commit[:10]}, migrations up to {found.head}) "
            f"predates migration {COMPATIBILITY}, which records compatible_from"
        )
    return found


def release_after(folder: Path, ours: str, *, compatible_from: str | None) -> Path:
    """The migrations of a release after `ours`: this checkout's, plus 0099 (projects get an optional
    colour), declaring `compatible_from` as the release's author would (None: declares nothing)."""
    import shutil

    from store.db import MIGRATIONS

    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    declared = f"compatible_from = {compatible_from!r}\n" if compatible_from else ""
    (folder / "versions" / "0099_project_colour.py").write_text(
        '"""the next release: projects get an optional colour"""\n'
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        f'revision = "0099"\ndown_revision = "{ours}"\nbranch_labels = None\ndepends_on = None\n{declared}\n\n'
        "def upgrade() -> None:\n"
        '    with op.batch_alter_table("projects") as batch:\n'
        '        batch.add_column(sa.Column("colour", sa.String(length=20), nullable=True))\n\n\n'
        "def downgrade() -> None:\n"
        '    with op.batch_alter_table("projects") as batch:\n'
        '        batch.drop_column("colour")\n',
        encoding="utf-8",
    )
    return folder


def migrate(url: str, release: Path, revision: str = "head", *, down: bool = False) -> None:
    """What `dfbot db upgrade` (or `dfbot db downgrade`) of the release whose migrations are `release` does."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(release))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    (command.downgrade if down else command.upgrade)(cfg, revision)
