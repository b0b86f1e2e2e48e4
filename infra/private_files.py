"""Files that hold personal data are created owner-only: 0600 files, 0700 folders, whatever the umask.

Backups, exports (plan, FOI, subject access, audit), outbox digests and the SQLite database hold
names, emails and update text. A default umask (022) would leave them readable by every account on
the machine, so everything that writes them goes through here. The mode is given when the file is
created (never a window where it is readable) and set again with chmod, because `os.open`'s mode is
itself filtered by the umask. A folder is made private only when this call creates it: an existing
folder (say /tmp, or an operator's share) keeps the mode its owner chose.

A leaf module (imports nothing of the project), so `store`, `services` and `programme` may all use it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: str | Path) -> Path:
    """Make `path` and any missing parents, each new one 0700; existing ones are left alone."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made meanwhile by someone else: theirs, not ours to change
            continue
        os.chmod(folder, FOLDER_MODE)
    return path


def create_private(path: str | Path, *, exclusive: bool = False) -> bool:
    """Create `path` empty and 0600 if it does not exist; True when this call made it. An existing file is
    left as it is (with `exclusive`, that is an error): its owner may have chosen its mode."""
    path = Path(path)
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        if exclusive:
            raise
        return False
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return True


def open_private(path: str | Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """`open(path, mode)` for writing, the file 0600 from the moment it exists (truncated for "w")."""
    if not any(m in mode for m in "wax"):
        raise ValueError("open_private is for writing")
    path = Path(path)
    private_folder(path.parent)
    flags = os.O_CREAT | (os.O_RDWR if "+" in mode else os.O_WRONLY)
    if "x" in mode:
        flags |= os.O_EXCL
    if "a" in mode:
        flags |= os.O_APPEND
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        if "w" in mode:
            os.ftruncate(fd, 0)
        return os.fdopen(fd, mode.replace("x", "w"), **kwargs)
    except BaseException:
        os.close(fd)
        raise


def write_private_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    with open_private(path, "w", encoding=encoding) as fh:
        fh.write(text)
