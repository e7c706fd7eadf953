"""Every file the pipeline reads or writes, read and written the one safe way.

Inputs come from people the clinic does not fully control (a translator's catalog, a
contributor's commit), and a path is an input too: a catalog that is a link to /etc/passwd or
/dev/zero, an `output` folder that is a link elsewhere, a planted `x.po.tmp` link. So:

- A file is read only when, with every link resolved, it is a regular file inside the folder
  it belongs to (the checkout, or the output folder); its size is bounded before any byte is
  hashed or parsed. Anything else is refused with its path.
- A file is written to a temporary file created exclusively beside it (`O_CREAT | O_EXCL |
  O_NOFOLLOW`: a planted link is never followed), flushed, given the mode the umask implies
  (as `open()` would; `mkstemp` makes 0600 files a colleague cannot read) and renamed over the
  target (a rename replaces a link, it does not write through it). The folder it goes into
  must itself resolve inside the allowed root, so an `output` link cannot carry writes away.
- A full disk or a read-only folder is a `LeafletError` naming the file, not a traceback.

Hand-written because no library does this confinement: `pathlib` and `tempfile` follow links.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from .errors import LeafletError, display_path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: The mode new files get: what the umask leaves of rw-rw-rw-, as `open()` gives.
FILE_MODE = 0o666 & ~_umask()


def confined(path: Path, root: Path) -> Path:
    """`path` with every link resolved, refused unless it lies inside `root` (also resolved)."""
    resolved = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    if resolved != base and not resolved.is_relative_to(base):
        where = "the project" if base == Path(os.path.realpath(Path.cwd())) else display_path(base)
        raise LeafletError(f"refused: it leads outside {where} (to {resolved}); replace the link with the "
                           "file or folder itself", display_path(path))
    return resolved


def read_bytes(path: Path, root: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file inside `root`, at most `limit` of them, or a clear error."""
    real = confined(path, root)
    shown = display_path(path)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise LeafletError(f"the {what} does not exist", shown) from None
    except OSError as exc:
        raise LeafletError(f"cannot read the {what}: {exc.strerror}", shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
            raise LeafletError(f"the {what} is {kind}; it must be a plain file", shown)
        if info.st_size > limit:
            raise LeafletError(f"the {what} is {info.st_size:,} bytes, more than the {limit:,} allowed; "
                               "is it the right file?", shown)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise LeafletError(f"the {what} is more than the {limit:,} bytes allowed", shown)
        return b"".join(chunks)
    except OSError as exc:
        raise LeafletError(f"cannot read the {what}: {exc.strerror}", shown) from None
    finally:
        os.close(fd)


def read_text(path: Path, root: Path, limit: int, what: str = "file") -> str:
    """A UTF-8 text file inside `root`; a byte that is not UTF-8 is reported with its line."""
    data = read_bytes(path, root, limit, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LeafletError(f"not UTF-8 text; save the {what} as UTF-8", display_path(path), line) from None


def make_folder(folder: Path, root: Path) -> Path:
    """Create `folder` and its missing parents, each refused unless it resolves inside `root`."""
    base, target = Path(os.path.abspath(root)), Path(os.path.abspath(folder))
    if not target.is_relative_to(base):
        raise LeafletError(f"refused: it is not inside {display_path(root)}", display_path(folder))
    current = base
    for part in (None, *target.relative_to(base).parts):
        current = current / part if part else current
        confined(current, root)  # a link is followed only while it stays inside
        try:
            current.mkdir(exist_ok=True)
        except OSError as exc:
            raise _write_error(exc, current) from None
        if not current.is_dir():
            raise LeafletError("refused: a file stands where a folder should be", display_path(current))
    return Path(os.path.realpath(folder))


def write_atomically(path: Path, data: bytes, root: Path) -> None:
    """Write `data` to `path` (inside `root`): a reader sees the old file or the new one, whole."""
    folder = make_folder(path.parent, root)
    target = folder / path.name
    if target.is_dir() and not target.is_symlink():
        raise LeafletError("refused: a folder stands where the file should be written", display_path(path))
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    except OSError as exc:
        raise _write_error(exc, path) from None
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
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove(path: Path, root: Path) -> None:
    """Delete a file inside `root` if it is there (a link is removed, never its target)."""
    try:
        confined(path.parent, root)
        path.unlink(missing_ok=True)
    except IsADirectoryError:
        raise LeafletError("refused: a folder stands where a file was expected", display_path(path)) from None
    except OSError as exc:
        raise _write_error(exc, path) from None


def _write_error(exc: OSError, path: Path) -> LeafletError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "the disk is full (or the file-size limit was reached); free some space and run it again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "the folder is not writable (read-only, or owned by someone else); make it writable"
    elif exc.errno == errno.ELOOP:
        why = "a link stands where the file goes; remove the link"
    else:
        why = exc.strerror or str(exc)
    return LeafletError(f"cannot write: {why}", display_path(path))


def remove_folder(folder: Path, root: Path) -> bool:
    """Delete `folder` inside `root` if it is empty (True when it was removed); a link standing
    where the folder was is removed, never followed."""
    try:
        confined(folder.parent, root)
        if folder.is_symlink():
            folder.unlink()
            return True
        folder.rmdir()
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
            return False
        raise _write_error(exc, folder) from None
    return True
