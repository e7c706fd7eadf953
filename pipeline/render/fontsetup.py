"""Font faces that are made at set-up instead of being kept in the repository.

The Chinese, Japanese and Korean faces are 16-17 MB each (six of them would add about 100 MB to
every clone), and Debian packages them, verified and maintained, as font collections (`.ttc`):
`fonts-noto-cjk` installs one file holding the Japanese, Korean, Simplified and Traditional
Chinese and Hong Kong faces of Noto Sans CJK per weight. Set-up (`make`, through `leaflets
fonts`) takes the faces `layouts/fonts/fonts.yaml` names out of those collections with fontTools
into the git-ignored `layouts/fonts/cjk/`:

- the collection must have its pinned sha256 (another version would change every CJK page);
- each face is saved as fontTools read it, tables copied as they are, no timestamp changed
  (`recalcTimestamp=False`: `head.modified` stays Adobe's), so the bytes are the same on every
  machine, and must equal the sha256 fonts.yaml records for the face;
- each file is written atomically (pipeline/files.py), so a face is never half there.

A face already present with the right sha256 is left alone, so running it again costs a hash.
One face per file also means WeasyPrint can never pick the wrong face of a collection (a
`.ttc` face is chosen by exact family name; another name silently picks the Japanese face).
"""

from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import LeafletError, LeafletErrors, display_path
from ..files import write_atomically
from .fonts import Extracted, load_fonts


@dataclass(frozen=True)
class FaceResult:
    path: Path
    made: bool  # False when the right face was already there
    seconds: float
    bytes: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _install_hint(face: Extracted) -> str:
    return (f"it comes from the Debian package {face.package}: run `make` as root, or ask an administrator to run "
            f"`sudo apt-get install -y {face.package.split()[0]}`, then run `make` again")


def extract_face(face: Extracted, target: Path, root: Path, checked: dict[Path, str]) -> FaceResult:
    """Write one face of a collection to `target`, deterministically, checking both sha256 sums."""
    started = time.perf_counter()
    if target.is_file() and sha256_of(target) == face.sha256:
        return FaceResult(target, False, time.perf_counter() - started, target.stat().st_size)
    from fontTools.ttLib import TTCollection, TTLibError

    collection = face.collection
    if not collection.is_file():
        raise LeafletError(f"the font collection {collection} is not installed; {_install_hint(face)}",
                           display_path(target))
    if collection not in checked:
        checked[collection] = sha256_of(collection)
    if checked[collection] != face.collection_sha256:
        raise LeafletError(f"{collection} has sha256 {checked[collection]}, not the {face.collection_sha256} of "
                           f"{face.package} that layouts/fonts/fonts.yaml pins (another version would change every "
                           "page set in it); install that version, or update the pins and look at the outputs",
                           display_path(target))
    try:
        font = TTCollection(str(collection), lazy=True).fonts[face.index]
    except (OSError, IndexError, TTLibError) as exc:
        raise LeafletError(f"cannot read face {face.index} of {collection}: {exc}", display_path(target)) from None
    family = font["name"].getDebugName(1)
    if family != face.family:
        raise LeafletError(f"face {face.index} of {collection} is '{family}', not '{face.family}'", display_path(target))
    font.recalcTimestamp = False  # head.modified as the foundry set it: the same bytes on every machine
    font.recalcBBoxes = False
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    data = buffer.getvalue()
    made = hashlib.sha256(data).hexdigest()
    if made != face.sha256:
        raise LeafletError(f"the face taken out of {collection} has sha256 {made}, not the {face.sha256} "
                           "layouts/fonts/fonts.yaml records (another fontTools?); outputs would differ from "
                           "other machines'", display_path(target))
    write_atomically(target, data, root)
    return FaceResult(target, True, time.perf_counter() - started, target.stat().st_size)


def extract_faces(layouts_dir: Path) -> list[FaceResult]:
    """Make every face fonts.yaml says set-up extracts; every problem is reported together."""
    fonts = load_fonts(layouts_dir)
    results: list[FaceResult] = []
    errors: list[LeafletError] = []
    checked: dict[Path, str] = {}
    for family in fonts.families:
        for name, face in ((family.regular, family.extract_regular), (family.bold, family.extract_bold)):
            if face is None:
                continue
            try:
                results.append(extract_face(face, fonts.folder / name, layouts_dir, checked))
            except LeafletError as exc:
                errors.append(exc)
    if errors:
        raise LeafletErrors(errors)
    return results
