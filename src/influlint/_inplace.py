"""How `--fix` writes a file back: through symlinks, without breaking hard links, never over a read-only file.

- A symlink is followed: the target is rewritten, the link stays a link pointing at it.
- A file with one name is replaced atomically (temp file in the same directory, fsync, os.replace):
  a crash leaves the old or the new content, never half of each.
- A file with several hard links (st_nlink > 1) cannot be replaced without cutting the other names
  off, so its new bytes are first written to a temp file (fsync), then copied over the same inode and
  fsync'd; the temp file is removed after. Every name sees the fix; a crash during the copy leaves the
  full new content in the temp file, which is named in the error.
- A file without any write bit (0444) is refused even for root: read-only says « do not touch ».
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class WriteRefused(Exception):
    """A file --fix must not or cannot rewrite; one-line reason."""


def target_of(path: Path) -> Path:
    """The file a path names, symlinks followed (the link itself is left as it is)."""
    return Path(os.path.realpath(path))


def _temp_beside(path: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".influlint-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_back(path: Path, data: bytes) -> None:
    """Write `data` to the file `path` names, with the rules above. Raise WriteRefused or OSError."""
    target = target_of(path)
    st = os.stat(target)
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused("not a regular file, not rewritten")
    if not st.st_mode & _WRITE_BITS or not os.access(target, os.W_OK):
        raise WriteRefused("read-only file, not rewritten (make it writable to let --fix change it)")
    tmp = _temp_beside(target, data)
    if st.st_nlink <= 1:
        try:
            shutil.copymode(target, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return
    try:
        with open(target, "r+b") as fh:  # same inode: every hard link sees the new content
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise WriteRefused(f"cannot write ({exc.strerror or exc}); the fixed text is kept in {tmp}") from None
    Path(tmp).unlink(missing_ok=True)
