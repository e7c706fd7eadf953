"""What each output was built from, so an unchanged job is not rendered again.

For every PDF the manifest keeps a key over the inputs known before rendering (pipeline
code, source, branding, the locale's catalog, edition, WeasyPrint version) and the files
under `layouts/` that the render actually read (templates, stylesheets, images, fonts), each
with its hash. A job is fresh when the key matches, every recorded file still has its
hash, and the PDF is still the one written. File hashes are cached by size and mtime, as
make trusts timestamps, so a no-op build reads almost nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomically

MANIFEST_NAME = ".manifest.json"
FORMAT = 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class FileHashes:
    """sha256 of files, recomputed only when a file's size or mtime changed."""

    cache: dict[str, list] = field(default_factory=dict)  # path -> [size, mtime_ns, sha]

    def __call__(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        key = str(path)
        cached = self.cache.get(key)
        if cached and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
            return cached[2]
        sha = sha256_file(path)
        self.cache[key] = [st.st_size, st.st_mtime_ns, sha]
        return sha


def combine(*parts: str | bytes) -> str:
    """One hash over several strings, unambiguous about where each part ends."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@dataclass
class Manifest:
    """The manifest file of one output folder: entries by output path (relative)."""

    path: Path
    entries: dict[str, dict] = field(default_factory=dict)
    hashes: FileHashes = field(default_factory=FileHashes)

    @classmethod
    def load(cls, output_dir: Path) -> "Manifest":
        path = output_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("old format")
            return cls(path, data["outputs"], FileHashes(data.get("files", {})))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)  # no manifest, or an unreadable one: everything is stale

    def is_fresh(self, output: Path, key: str, root: Path) -> bool:
        entry = self.entries.get(self._name(output))
        if not entry or entry.get("key") != key:
            return False
        if self.hashes(output) != entry.get("output"):
            return False  # removed, replaced or edited since it was built
        return all(self.hashes(root / name) == sha for name, sha in entry.get("files", {}).items())

    def seconds(self, output: Path) -> float:
        """How long the output took to render last time (0 if unknown), to schedule long jobs first."""
        return float(self.entries.get(self._name(output), {}).get("seconds", 0.0))

    def record(self, output: Path, key: str, files: list[Path], root: Path, seconds: float = 0.0) -> None:
        self.entries[self._name(output)] = {
            "key": key,
            "seconds": round(seconds, 1),
            "output": self.hashes(output),
            "files": {_relative(f, root): self.hashes(f) for f in sorted(files)},
        }

    def forget(self, output: Path) -> None:
        self.entries.pop(self._name(output), None)

    def save(self) -> None:
        """Write atomically; the file is small and rewritten whole."""
        data = {
            "format": FORMAT,
            "outputs": dict(sorted(self.entries.items())),
            "files": {k: v for k, v in sorted(self.hashes.cache.items()) if Path(k).exists()},
        }
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return  # a no-op build writes no file
        except OSError:
            pass
        write_atomically(self.path, text.encode("utf-8"))

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
