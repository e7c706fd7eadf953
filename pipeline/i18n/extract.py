"""Extract translatable texts for gettext: one template per document, one for the layouts.

`extract_source` is registered as the `leaflets` method under Babel's `babel.extractors` entry
point, so `pybabel extract -F babel.cfg` works on the YAML sources next to Jinja's own extractor
for the layouts. `make pot` splits the same extraction by domain: `locales/<document>.pot` from
each document's texts, `locales/layouts.pot` from the layouts' own words (the `jinja2` section
of babel.cfg), which every document shares. The layouts' words are also what the renderer looks
up (`layout_strings`), so what is printed and what translators see cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po
from babel.util import pathmatch

from ..model.document import Document, Text
from ..model.source import parse_document
from ..project import CLINIC_FILES

COMMENT_TAGS = ("Translators:",)
POT_DATE_PREFIX = b'"POT-Creation-Date: '
TEAM = "the clinic's patient information team"


@dataclass(frozen=True)
class LayoutString:
    """One of the layouts' own words: `pgettext(msgctxt, msgid)` in a template."""

    msgctxt: str
    msgid: str
    comments: tuple[str, ...]
    file: str  # relative to the checkout, e.g. layouts/leaflet.html.j2
    line: int


def translator_comments(text: Text) -> list[str]:
    """The `#.` lines a translator sees for one text: its note and its length limit."""
    comments = [text.note] if text.note else []
    if text.max_chars:
        comments.append(f"Length limit: {text.max_chars} characters (poster).")
    if text.placeholders:
        names = ", ".join(f"%({name})s" for name in sorted(text.placeholders))
        comments.append(f"Keep {names} exactly as written: a medicine name is put there.")
    return comments


def extract_source(fileobj: IO[bytes], keywords, comment_tags, options) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    """Babel extractor: yield (lineno, funcname, (msgctxt, msgid), comments) for each text.
    The clinic's own files under sources/ (clinic.yaml, reviewers.yaml) hold no texts."""
    name = getattr(fileobj, "name", "<source>")
    shown = os.path.relpath(name) if isinstance(name, str) else "<source>"
    if Path(shown).stem in CLINIC_FILES:
        return
    document: Document = parse_document(fileobj.read().decode("utf-8"), shown)
    for text in document.texts():
        yield text.line, "pgettext", (text.key, text.english), translator_comments(text)


def _template(project: str, version: str, now: dt.datetime) -> BabelCatalog:
    return BabelCatalog(project=project, version=version, msgid_bugs_address=TEAM, copyright_holder=TEAM,
                        creation_date=now, charset="utf-8", fuzzy=False)


def _bytes(catalog: BabelCatalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=79, sort_output=False, sort_by_file=False)
    return out.getvalue()


def document_template(document: Document, now: dt.datetime) -> bytes:
    """The POT of one document: every text of its source, with notes and limits for translators."""
    catalog = _template(document.meta.id, document.meta.version, now)
    source = f"sources/{document.meta.id}.yaml"
    for text in document.texts():
        catalog.add(text.english, None, [(source, text.line)], auto_comments=translator_comments(text),
                    context=text.key)
    return _bytes(catalog)


def layout_strings(root: Path, mapping_file: Path) -> tuple[LayoutString, ...]:
    """The layouts' own words, from the `jinja2` sections of babel.cfg (layouts/**.html.j2).

    Parsing the templates takes a third of a second; a build asks for the words up to three
    times (its jobs, the web edition, the checks), a test process hundreds of times. So the
    result is kept for the templates' exact bytes (and babel.cfg's): an edited template is read
    again, an unchanged one not."""
    text = mapping_file.read_text(encoding="utf-8")
    method_map, options_map = parse_mapping_cfg(io.StringIO(text), filename=str(mapping_file))
    jinja = [(pattern, method) for pattern, method in method_map if method == "jinja2"]
    key = hashlib.sha256(f"{root.resolve()}\0{text}".encode())
    for name in _matching_files(root, [pattern for pattern, _ in jinja]):
        key.update(f"\0{name}\0".encode())
        path = root / name
        if path.is_file():  # a link to a device is no template: its name stands for it, unread
            with path.open("rb") as f:
                key.update(hashlib.file_digest(f, "sha256").digest())
    digest = key.hexdigest()
    if digest not in _EXTRACTED:
        if len(_EXTRACTED) >= EXTRACTED_KEPT:
            del _EXTRACTED[next(iter(_EXTRACTED))]
        _EXTRACTED[digest] = _extract_layout_strings(root, jinja, options_map)
    return _EXTRACTED[digest]


#: Extractions kept by `layout_strings`, by a digest of what they were made from.
_EXTRACTED: dict[str, tuple[LayoutString, ...]] = {}
EXTRACTED_KEPT = 16


def _matching_files(root: Path, patterns: list[str]) -> list[str]:
    """The files under `root` (relative, "/"-separated) that babel's extract_from_dir reads
    with `patterns`: it leaves out folders whose names start with "." or "_"."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "_")))
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            if any(pathmatch(pattern, relative) for pattern in patterns):
                found.append(relative)
    return found


def _extract_layout_strings(root: Path, jinja: list[tuple[str, str]], options_map) -> tuple[LayoutString, ...]:
    found: dict[tuple[str, str], LayoutString] = {}
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), jinja, options_map, comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        if isinstance(message, tuple):  # ngettext: the singular stands for the entry
            message = message[0]
        key = (context or "", message)
        if key not in found:
            found[key] = LayoutString(context or "", message, tuple(comments), filename, lineno)
    return tuple(found.values())


def layouts_template(strings: tuple[LayoutString, ...], version: str, now: dt.datetime) -> bytes:
    """The POT of the layouts' own words, shared by every document."""
    catalog = _template("layouts", version, now)
    for s in strings:
        catalog.add(s.msgid, None, [(s.file, s.line)], auto_comments=list(s.comments), context=s.msgctxt or None)
    return _bytes(catalog)


def same_apart_from_date(old: bytes, new: bytes) -> bool:
    """True when two POT files differ at most in their POT-Creation-Date line."""
    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(POT_DATE_PREFIX)]
    return strip(old) == strip(new)


def creation_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit() and len(epoch) < 12:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
