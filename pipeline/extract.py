"""Extract translatable texts for gettext: a Babel extractor for the YAML source, and the POT.

`extract_source` is registered as the `leaflets` method under the `babel.extractors` entry
point, so `pybabel extract -F babel.cfg` works on the YAML source next to Jinja's own extractor
for the layouts. `build_template` does the same extraction from Python for `leaflets pot`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import IO, Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from .source import Document, parse_document

COMMENT_TAGS = ("Translators:",)
POT_DATE_PREFIX = b'"POT-Creation-Date: '


def translator_comments(text) -> list[str]:
    """The `#.` lines a translator sees for one text: its note and its length limit."""
    comments = [text.note] if text.note else []
    if text.max_chars:
        comments.append(f"Length limit: {text.max_chars} characters (poster).")
    if text.placeholders:
        names = ", ".join(f"%({name})s" for name in sorted(text.placeholders))
        comments.append(f"Keep {names} exactly as written: a medicine name is put there.")
    return comments


def extract_source(fileobj: IO[bytes], keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor: yield (lineno, funcname, (msgctxt, msgid), comments) for each text."""
    name = getattr(fileobj, "name", "<source>")
    shown = os.path.relpath(name) if isinstance(name, str) else "<source>"
    document: Document = parse_document(fileobj.read().decode("utf-8"), shown)
    for text in document.texts():
        yield text.line, "pgettext", (text.key, text.english), translator_comments(text)


def build_template(root: Path, mapping_file: Path, document: Document, now: dt.datetime) -> bytes:
    """Extract every string named by `babel.cfg` under `root` into a POT file's bytes."""
    with mapping_file.open() as f:
        method_map, options_map = parse_mapping_cfg(f, filename=str(mapping_file))
    catalog = Catalog(
        project=document.meta.id,
        version=document.meta.version,
        msgid_bugs_address="the clinic's patient information team",
        copyright_holder="the clinic's patient information team",
        creation_date=now,
        charset="utf-8",
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, comment_tags=COMMENT_TAGS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    out = io.BytesIO()
    write_po(out, catalog, width=79, sort_output=False, sort_by_file=False)
    return out.getvalue()


def same_apart_from_date(old: bytes, new: bytes) -> bool:
    """True when two POT files differ at most in their POT-Creation-Date line."""
    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(POT_DATE_PREFIX)]
    return strip(old) == strip(new)


def creation_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)
