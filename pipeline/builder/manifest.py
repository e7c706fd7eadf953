"""What each output was built from, so an unchanged job is not rendered again.

For every PDF the manifest keeps a key over the inputs known before rendering (pipeline code,
source, branding, the catalogs, the sign-offs, edition, WeasyPrint version), the files under
`layouts/` that the render actually read (templates, stylesheets, images, fonts), each with its
hash, and what the preflight found on it (so the staff index shows it without a rebuild). A job
is fresh when the key matches, every recorded file still has its hash, and the PDF is still the
one written. File hashes are cached by size and mtime, as make trusts timestamps, so a no-op
build reads almost nothing. Only regular files inside the checkout (or the output folder) are
hashed, and at most MAX_HASHED_BYTES of each: a catalog that is a link to /dev/zero gets a
marker, not an endless read, and its locale fails when it is loaded, with the reason.

The manifest is the build's own file, but a person or a crash can still break it: one that
does not parse or has the wrong shape is set aside (renamed, with a message) and everything is
rebuilt, rather than failing every build until someone deletes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import display_path
from ..files import write_atomically

MANIFEST_NAME = ".manifest.json"
FORMAT = 2
MAX_HASHED_BYTES = 200_000_000
MAX_MANIFEST_BYTES = 50_000_000


def sha256_file(path: Path | str, limit: int = MAX_HASHED_BYTES) -> str:
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        read = 0
        while read <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            digest.update(chunk)
            read += len(chunk)
    finally:
        os.close(fd)
    return digest.hexdigest()


@dataclass
class FileHashes:
    """sha256 of files, recomputed only when a file's size or mtime changed; files outside the
    allowed roots, or that are not regular files, get a marker instead of a hash."""

    roots: tuple[Path, ...] = ()
    cache: dict[str, list[Any]] = field(default_factory=dict)  # path -> [size, mtime_ns, sha]
    changed: bool = False  # a hash was computed that the saved manifest does not have
    _inside: dict[str, bool] = field(default_factory=dict, repr=False)  # path -> inside the roots
    _real_roots: list[Path] = field(default_factory=list, repr=False)
    _steady: dict[str, str | None] | None = field(default=None, repr=False)  # path -> answer, in `steady()`

    @contextmanager
    def steady(self) -> Iterator[None]:
        """Within the block nothing is written, and each path is looked at once: a build's
        planning asks about every template, stylesheet and font once for each of its editions
        (23 questions a poster, 25,000 for a no-op build of a library of 1,000 PDFs)."""
        self._steady = {}
        try:
            yield
        finally:
            self._steady = None

    def __call__(self, path: Path | str) -> str | None:
        key = str(path)
        if self._steady is not None:
            if key not in self._steady:
                self._steady[key] = self._hash(key, path)
            return self._steady[key]
        return self._hash(key, path)

    def _hash(self, key: str, path: Path | str) -> str | None:
        try:
            st = os.stat(key)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return "not-a-regular-file"
        if self.roots and not self._is_inside(key):
            return "outside-the-checkout"
        cached = self.cache.get(key)
        if isinstance(cached, list) and len(cached) == 3 and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
            return str(cached[2])
        try:
            sha = sha256_file(path)
        except OSError:
            return None
        self.cache[key] = [st.st_size, st.st_mtime_ns, sha]
        self.changed = True
        return sha

    def _is_inside(self, key: str) -> bool:
        """Whether the file, links resolved, is inside the roots; resolved once per path and build
        (a no-op build of a library asks about each catalog for every one of its editions)."""
        inside = self._inside.get(key)
        if inside is None:
            if not self._real_roots:
                self._real_roots = [Path(os.path.realpath(root)) for root in self.roots]
            real = Path(os.path.realpath(key))
            inside = self._inside[key] = any(real.is_relative_to(root) for root in self._real_roots)
        return inside


def combine(*parts: str | bytes) -> str:
    """One hash over several strings, unambiguous about where each part ends."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _valid(data: Any) -> bool:
    """The shape this module writes: format, outputs {name: entry}, files {path: [size, mtime, sha]}."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    outputs, files = data.get("outputs"), data.get("files", {})
    if not isinstance(outputs, dict) or not isinstance(files, dict):
        return False
    for entry in outputs.values():
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("files", {}), dict)
                and isinstance(entry.get("seconds", 0), (int, float)) and isinstance(entry.get("findings", []), list)):
            return False
    return all(isinstance(v, list) and len(v) == 3 for v in files.values())


@dataclass
class Manifest:
    """The manifest file of one output folder: entries by output path (relative)."""

    path: Path
    boundary: Path  # what it may be written inside (see Project.output_boundary)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    hashes: FileHashes = field(default_factory=FileHashes)
    notice: str = ""  # said to the person building, e.g. that a broken manifest was set aside
    dirty: bool = False  # entries were recorded or forgotten since it was loaded

    @classmethod
    def load(cls, output_dir: Path, boundary: Path, roots: tuple[Path, ...]) -> Manifest:
        path = output_dir / MANIFEST_NAME
        if not path.exists() and not path.is_symlink():
            return cls(path, boundary, hashes=FileHashes(roots))
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
                raise ValueError("not a plain file of a sensible size")
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT - 1:
                return cls(path, boundary, hashes=FileHashes(roots), notice="the build record is from an older "
                           "version of the pipeline; everything is rebuilt once")
            if not _valid(data):
                raise ValueError("it does not have the shape the build writes")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            aside = path.with_name(f"{MANIFEST_NAME}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                os.replace(path, aside)
                where = f"set aside as {display_path(aside)}"
            except OSError:
                where = "left in place"
            return cls(path, boundary, hashes=FileHashes(roots),
                       notice=f"the build record {display_path(path)} could not be used ({exc}); it was {where} "
                              "and everything is rebuilt")
        return cls(path, boundary, data["outputs"], FileHashes(roots, data.get("files", {})))

    def is_fresh(self, output: Path, key: str, root: Path) -> bool:
        entry = self.entries.get(self._name(output))
        if not entry or entry.get("key") != key:
            return False
        written = self.hashes(output)
        if written is None or written != entry.get("output"):
            return False  # never written, removed, replaced or edited since it was built
        base = str(root)
        return all(self.hashes(os.path.join(base, name)) == sha for name, sha in entry.get("files", {}).items())

    def seconds(self, output: Path) -> float:
        """How long the output took to render last time (0 if unknown), to schedule long jobs first."""
        return float(self.entries.get(self._name(output), {}).get("seconds", 0.0))

    def findings(self, output: Path) -> list[list[Any]]:
        """What the preflight found on the output when it was built: [severity, check, page, message]."""
        return list(self.entries.get(self._name(output), {}).get("findings", []))

    def record(self, output: Path, key: str, files: list[Path], root: Path, seconds: float = 0.0,
               findings: list[list[Any]] | None = None) -> None:
        self.dirty = True
        self.entries[self._name(output)] = {
            "key": key,
            "seconds": round(seconds, 1),
            "output": self.hashes(output),
            "files": {_relative(f, root): self.hashes(f) for f in sorted(files)},
            "findings": findings or [],
        }

    def forget(self, output: Path) -> None:
        if self.entries.pop(self._name(output), None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write atomically; the file is small and rewritten whole. A build that rendered nothing
        and hashed nothing new leaves the file as it is, unread and unwritten."""
        if not self.dirty and not self.hashes.changed and self.path.is_file() and not self.path.is_symlink():
            return
        data = {
            "format": FORMAT,
            "outputs": dict(sorted(self.entries.items())),
            "files": {k: v for k, v in sorted(self.hashes.cache.items()) if Path(k).exists()},
        }
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            if self.path.is_file() and not self.path.is_symlink() and self.path.read_text(encoding="utf-8") == text:
                return  # a no-op build writes no file
        except (OSError, UnicodeDecodeError):
            pass
        write_atomically(self.path, text.encode("utf-8"), self.boundary)

    def _name(self, output: Path) -> str:
        return str(output.relative_to(self.path.parent))


def _relative(path: Path, root: Path) -> str:
    """The path relative to the project when it is inside it (also through links), else whole."""
    for base in (root, root.resolve()):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)
