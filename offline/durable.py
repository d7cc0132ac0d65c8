"""Files and folders that survive a power cut.

A rename is only durable once the directory that holds it is flushed, and a file's
bytes only once the file is flushed: the page cache loses both on a power cut. So every
small file beside the store (key fingerprint, preferences, backup state, registration,
recovery files, the demo keyring) is written here the same way:

1. write a temporary file in the same folder (same file system, so the rename is atomic),
2. ``fsync`` it,
3. ``os.replace`` it over the target,
4. ``fsync`` the folder so the new name itself is on disk.

New folders are created one level at a time and each is flushed into its parent, so a
cut right after the first start cannot remove a profile folder that already held a store.
Files are created mode 0600 and folders 0700: they hold personal data or key material.
On Windows directories cannot be opened for fsync; there the rename is already
journaled by NTFS and the folder flush is skipped.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
_CHUNK = 1024 * 1024


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk; a no-op where unsupported."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(folder: Path, mode: int = DIR_MODE) -> Path:
    """``mkdir -p`` that flushes every folder it creates into its parent."""
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=mode)
        except FileExistsError:
            continue  # another process made it first; still flush it below
        fsync_dir(path.parent)
    if missing:
        fsync_dir(folder)
    return folder


def _temp_for(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # no cheap check: leave the file to a later sweep
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def sweep_temps(target: Path) -> list[Path]:
    """Delete temp files of ``target`` left by writers that were killed mid-write (their
    process is gone); a live writer's temp file is never touched."""
    target = Path(target)
    removed: list[Path] = []
    prefix = f".{target.name}."
    try:
        candidates = list(target.parent.glob(f"{glob.escape(prefix)}*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        middle = path.name[len(prefix) : -len(".tmp")].split(".")
        if len(middle) != 2 or not middle[0].isdigit() or _alive(int(middle[0])):
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def write_bytes(target: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace ``target`` with ``data``: the old content or the new one, never a mix."""
    target = Path(target)
    make_dirs(target.parent)
    tmp = _temp_for(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def write_text(target: Path, text: str, mode: int = FILE_MODE) -> None:
    """:func:`write_bytes` of UTF-8 text."""
    write_bytes(target, text.encode("utf-8"), mode)


def fsync_file(path: Path) -> None:
    """Flush one existing file's bytes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rename(source: Path, target: Path) -> None:
    """Durably move a finished file (already flushed, or flushed here) to its final name."""
    fsync_file(source)
    os.replace(source, target)
    fsync_dir(Path(target).parent)
    if Path(source).parent != Path(target).parent:
        fsync_dir(Path(source).parent)


def copy_file(source: Path, target: Path, mode: int = FILE_MODE) -> None:
    """Durably copy ``source`` to ``target`` (temp file, fsync, rename, fsync of the folder)."""
    target = Path(target)
    make_dirs(target.parent)
    tmp = _temp_for(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, _CHUNK)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def create_private_file(path: Path) -> None:
    """Create an empty file mode 0600 if none exists (so SQLite and loggers, which keep
    an existing file's mode, never make it readable by other users)."""
    make_dirs(Path(path).parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    os.chmod(path, FILE_MODE)
