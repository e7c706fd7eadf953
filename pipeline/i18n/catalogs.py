"""Gettext catalogs: load them strictly, merge the template into them, start new ones, judge them.

Merging and checking use GNU gettext's own `msgmerge` and `msgfmt -c`, the tools Poedit and
Weblate use, so a merge has exactly their semantics (changed English becomes fuzzy with the
`#|` previous msgid, obsolete entries are kept as `#~`, headers and wrapping are preserved).
The translation memory is msgmerge's compendium: a string another catalog of the same locale
already translates arrives pre-filled and fuzzy, for the translator to confirm.
Reading for the build uses polib, which keeps every header and each entry's line number; a
catalog is untrusted input, so it is read through `pipeline.files` (a regular file inside the
checkout, at most 5 MB) and everything polib would silently repair is refused with its line.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import LeafletError, display_path
from ..files import read_bytes, write_atomically
from ..tools import require_tool
from .locales import babel_locale
from .plurals import cldr_plural_forms

MAX_CATALOG_BYTES = 5_000_000
#: The longest translation accepted: ten times the longest text of the source, about.
MAX_STRING_CHARS = 5_000
#: A non-comment line of a .po file: an optional keyword and one complete C string literal.
PO_LINE_RE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')
#: The escapes polib and GNU gettext read alike; others (\a, \x41, \101) GNU reads as control
#: or other characters while polib prints the backslash, so the two would disagree.
ESCAPE_RE = re.compile(r'\\(.)')
SAFE_ESCAPES = frozenset('nt"\\')
CONTENT_TYPE_RE = re.compile(r"^\s*text/plain\s*;\s*charset\s*=\s*utf-8\s*$", re.IGNORECASE)
#: The translator comment that marks a string the translation memory filled in.
MEMORY_NOTE = "From the translation memory: check it, then remove the fuzzy flag."


@dataclass(frozen=True)
class Entry:
    msgctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool
    line: int
    flags: tuple[str, ...] = ()
    translator_comment: str = ""

    @property
    def from_memory(self) -> bool:
        return self.fuzzy and MEMORY_NOTE in " ".join(self.translator_comment.split())


@dataclass(frozen=True)
class Catalog:
    """A loaded `.po` file: its locale, domain, headers and entries (obsolete ones left out)."""

    locale: str
    domain: str
    path: str  # as shown to people
    headers: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]
    data: bytes = b""  # the file as read, for `msgfmt -c` (never read twice)

    def header(self, name: str) -> str:
        return dict(self.headers).get(name, "")

    def lookup(self) -> dict[tuple[str, str], Entry]:
        return {(e.msgctxt, e.msgid): e for e in self.entries}

    def digest(self) -> str:
        """A fingerprint of what the catalog says, which a reviewer's signature covers: every
        entry's context, English, translation and flags, and the headers that change how it
        is read (Language, Plural-Forms). Comments, references, wrapping and order do not
        count, so `make update-po` leaves it alone unless the English or a translation changed."""
        rows = sorted([e.msgctxt, e.msgid, e.msgstr, sorted(e.flags)] for e in self.entries)
        data = json.dumps([self.header("Language"), self.header("Plural-Forms"), rows], ensure_ascii=False)
        return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def load_catalog(path: Path, locale: str, domain: str, root: Path) -> Catalog:
    """Read a `.po` file strictly, naming the file and line of anything broken."""
    shown = display_path(path)
    data = read_bytes(path, root, MAX_CATALOG_BYTES, "catalog")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start: exc.start + 3]
        if len(bad) == 3 and bad[0] == 0xED and 0xA0 <= bad[1] <= 0xBF:  # a surrogate written as UTF-8
            code = 0xD000 | (bad[1] & 0x3F) << 6 | (bad[2] & 0x3F)
            raise LeafletError(f"an unpaired surrogate (U+{code:04X}, half of a character) is written in the "
                               "file, which is not valid UTF-8; retype the character in Poedit", shown,
                               line) from None
        raise LeafletError("not UTF-8 text; save the catalog as UTF-8 (Poedit: Catalog > "
                           "Properties > Charset)", shown, line) from None
    if "\x00" in text:
        raise LeafletError("the catalog contains NUL characters; it is not a text .po file", shown,
                           text[: text.index("\x00")].count("\n") + 1)
    _check_lines(text, shown)
    try:
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=79)
    except (OSError, ValueError) as exc:
        match = re.search(r"\(line (\d+)\)", str(exc))
        message = re.sub(r"\s*\(line \d+\)", "", str(exc)).replace("Syntax error in po file", "syntax error")
        raise LeafletError(f"{message}; open it in Poedit or run `msgfmt -c` on it to see the problem",
                           shown, int(match[1]) if match else None) from None
    headers = tuple(po.metadata.items())
    _check_headers(dict(headers), locale, shown, text)
    entries = tuple(
        Entry(e.msgctxt or "", e.msgid, e.msgstr, "fuzzy" in e.flags, e.linenum, tuple(e.flags), e.tcomment or "")
        for e in po if not e.obsolete
    )
    for entry in entries:
        if len(entry.msgstr) > MAX_STRING_CHARS:
            raise LeafletError(f"msgctxt '{entry.msgctxt}': the translation is {len(entry.msgstr):,} characters, "
                               f"longer than the {MAX_STRING_CHARS:,} a leaflet text can be; is it pasted twice?",
                               shown, entry.line)
    return Catalog(locale, domain, shown, headers, entries, data)


def _check_lines(text: str, shown: str) -> None:
    """Reject what polib would silently repair, or read otherwise than GNU gettext does."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not PO_LINE_RE.match(line):
            raise LeafletError(f"syntax error: this line is not a keyword followed by one complete "
                               f"\"quoted\" string: {stripped[:60]!r}; open the catalog in Poedit or run "
                               "`msgfmt -c` on it to see the problem", shown, number)
        for escape in ESCAPE_RE.findall(stripped[stripped.index('"'):]):
            if escape not in SAFE_ESCAPES:
                raise LeafletError(f"the escape '\\{escape}' is read as a control or other character by gettext "
                                   "tools but printed as written by the leaflets; write the character itself "
                                   "(only \\n, \\t, \\\" and \\\\ are allowed)", shown, number)


def _header_line(text: str, name: str) -> int:
    """The line of header field `name`, or of the header entry itself when the field is missing."""
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith(f'"{name}:'):
            return number
    return next((n for n, line in enumerate(lines, 1) if line.strip() == 'msgid ""'), 1)


def _check_headers(headers: dict[str, str], locale: str, shown: str, text: str) -> None:
    for value in headers.values():
        if "\n" in value:  # polib glued a header line without a "Name:" to the field before it
            stray = value.split("\n", 1)[1].split("\n")[0]
            line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f'"{stray}')), None)
            raise LeafletError(f"header line '{stray[:60]}' is not of the form 'Name: value'; fix it in Poedit "
                               "(Catalog > Properties) or add the missing ':'", shown, line or _header_line(text, ""))
    content_type = headers.get("Content-Type", "")
    if not CONTENT_TYPE_RE.match(content_type):
        raise LeafletError(f"header Content-Type is '{content_type[:60]}'; it must say "
                           "'text/plain; charset=UTF-8'", shown, _header_line(text, "Content-Type"))
    language = headers.get("Language", "")
    if language.replace("-", "_") != locale:
        raise LeafletError(f"header Language is '{language[:40]}' but the catalog is in the folder for "
                           f"'{locale}'; set Language: {locale}", shown, _header_line(text, "Language"))
    babel_locale(locale, shown)


def gettext_tool(name: str) -> str:
    return require_tool(name, "gettext")


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    changed: bool
    created: bool = False
    from_memory: int = 0  # strings the translation memory filled in, fuzzy, in this merge


def update_catalog(po_path: Path, pot_path: Path, locale: str, root: Path,
                   memory: list[Path] | None = None) -> UpdateResult:
    """Merge the template into one catalog with msgmerge, as Poedit and Weblate do, creating
    it (with complete headers) if it does not exist.

    `memory` lists the locale's other catalogs: a string they already translate fills in an
    empty one here, marked fuzzy with the English it was translated from (`#|`) and a
    translator comment, so the translator confirms instead of retyping.
    """
    created = not po_path.exists() and not po_path.is_symlink()
    with tempfile.TemporaryDirectory() as tmp:
        current = Path(tmp) / "current.po"
        if created:
            current.write_bytes(_without_untranslated(_new_catalog(pot_path, locale)))
        else:
            old = read_bytes(po_path, root, MAX_CATALOG_BYTES, "catalog")
            current.write_bytes(_without_untranslated(old))
        compendia = []
        for i, other in enumerate(memory or ()):
            copy = Path(tmp) / f"memory-{i}.po"
            copy.write_bytes(read_bytes(other, root, MAX_CATALOG_BYTES, "catalog"))
            compendia += ["--compendium", str(copy)]
        merged = Path(tmp) / "merged.po"
        result = subprocess.run(
            [gettext_tool("msgmerge"), "--quiet", "--previous", "--width=79", *compendia, "--output-file",
             str(merged), str(current), str(pot_path)],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise LeafletError(f"msgmerge could not merge the template: {result.stderr.strip()[:500]}",
                               display_path(po_path))
        filled = _mark_memory(merged, polib.pofile(str(current)))
        new = merged.read_bytes()
    if not created and new == read_bytes(po_path, root, MAX_CATALOG_BYTES, "catalog"):
        return UpdateResult(po_path, False)
    write_atomically(po_path, new, root)
    return UpdateResult(po_path, True, created, filled)


def _without_untranslated(data: bytes) -> bytes:
    """The catalog without its empty, non-fuzzy entries, so that msgmerge offers the
    translation memory for them as for new strings (it only searches for strings it lacks)."""
    po = polib.pofile(data.decode("utf-8"), wrapwidth=79)
    for entry in [e for e in po if not e.obsolete and not e.msgstr and not e.msgstr_plural and not e.fuzzy]:
        po.remove(entry)
    return str(po).encode("utf-8")


def _mark_memory(merged: Path, before: polib.POFile) -> int:
    """Mark the strings msgmerge filled from the memory: fuzzy, new to this catalog, and matched
    to an English (`#|`) this catalog did not hold, so it came from another catalog."""
    own = {(e.msgctxt, e.msgid) for e in before if not e.obsolete}
    po = polib.pofile(str(merged), wrapwidth=79)
    count = 0
    for entry in po:
        if entry.obsolete or "fuzzy" not in entry.flags or (entry.msgctxt, entry.msgid) in own:
            continue
        previous = (entry.previous_msgctxt or entry.msgctxt, entry.previous_msgid or entry.msgid)
        if previous in own:
            continue  # the catalog's own translation of English that changed
        if MEMORY_NOTE not in " ".join((entry.tcomment or "").split()):
            entry.tcomment = f"{entry.tcomment}\n{MEMORY_NOTE}".strip()
        count += 1
    if count:
        po.save(str(merged))
    return count


def msgfmt_check(catalog: Catalog) -> list[str]:
    """Problems GNU `msgfmt -c` finds (format strings, headers, plural forms); empty when it passes.
    It reads the bytes the build read, from standard input, never the path again."""
    result = subprocess.run([gettext_tool("msgfmt"), "-c", "-o", "/dev/null", "-"], input=catalog.data,
                            capture_output=True)
    if not result.returncode:
        return []
    text = result.stderr.decode("utf-8", "replace")
    return [line.replace("<stdin>", catalog.path, 1) for line in text.splitlines() if line.strip()]


def _new_catalog(template: Path, locale: str) -> bytes:
    """A catalog for a new locale from the template, with complete headers (plural forms from CLDR)."""
    locale_data = babel_locale(locale)
    po = polib.pofile(str(template), wrapwidth=79)
    po.header = (f"{locale_data.english_name} translation of {template.stem}.\n"
                 "A draft until a qualified medical translator signs it off: see README, 'Review and sign-off'.")
    po.metadata.update({
        "PO-Revision-Date": po.metadata.get("POT-Creation-Date", ""),
        "Last-Translator": "",
        "Language": locale,
        "Language-Team": f"{locale_data.english_name} translators",
        "Plural-Forms": cldr_plural_forms(locale_data),
        "Content-Type": "text/plain; charset=UTF-8",
    })
    po.metadata.pop("Generated-By", None)
    return str(po).encode("utf-8") + b"\n"

