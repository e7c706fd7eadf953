"""Gettext catalogs: find them, load them strictly, merge the template into them, judge them.

Merging and checking use GNU gettext's own `msgmerge` and `msgfmt -c`, the tools Poedit and
Weblate use, so a merge has exactly their semantics (changed English becomes fuzzy with the
`#|` previous msgid, obsolete entries are kept as `#~`, headers and wrapping are preserved).
Reading for the build uses polib, which keeps every header and each entry's line number.
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
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .errors import LeafletError, display_path
from .tools import require_tool

MAX_CATALOG_BYTES = 5_000_000
#: The longest translation accepted: ten times the longest text of the source, about.
MAX_STRING_CHARS = 5_000
#: A non-comment line of a .po file: an optional keyword and one complete C string literal.
PO_LINE_RE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')
#: Headers that record the review of a translation (see README, "Review and sign-off").
REVIEW_HEADER = "X-Review-Status"
REVIEWER, REVIEWER_ROLE, REVIEW_DATE = "X-Reviewer", "X-Reviewer-Role", "X-Review-Date"
#: A fingerprint of the translations a reviewer signed off, so a later edit undoes the sign-off.
REVIEW_DIGEST = "X-Review-Digest"


@dataclass(frozen=True)
class Entry:
    msgctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool
    line: int
    flags: tuple[str, ...] = ()
    translator_comment: str = ""


@dataclass(frozen=True)
class Catalog:
    """A loaded `.po` file: its locale, headers and entries (obsolete ones left out)."""

    locale: str
    path: str
    headers: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]

    def header(self, name: str) -> str:
        return dict(self.headers).get(name, "")

    def lookup(self) -> dict[tuple[str, str], Entry]:
        return {(e.msgctxt, e.msgid): e for e in self.entries}


def content_digest(entries) -> str:
    """A fingerprint of what a catalog says: every context, English, translation and fuzzy flag.

    Comments, references, wrapping and order do not count, so `make update-po` leaves it alone
    unless the English or a translation changed. Takes a `Catalog` or polib entries.
    """
    rows = sorted((e.msgctxt or "", e.msgid, e.msgstr, bool(e.fuzzy))
                  for e in getattr(entries, "entries", entries) if not getattr(e, "obsolete", False))
    return "sha256:" + hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


def babel_locale(locale: str, where: str = "") -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise LeafletError(f"'{locale}' is not a locale Babel knows (CLDR); use an id such as 'hi' "
                           "or 'pt_BR'", where or None) from None


def load_catalog(path: Path, locale: str) -> Catalog:
    """Read a `.po` file strictly, naming the file and line of anything broken."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LeafletError(f"cannot read the catalog: {exc.strerror}", shown) from None
    if len(data) > MAX_CATALOG_BYTES:
        raise LeafletError(f"the catalog is larger than {MAX_CATALOG_BYTES // 1_000_000} MB; "
                           "is it the right file?", shown)
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
    return Catalog(locale, shown, headers, entries)


def _check_lines(text: str, shown: str) -> None:
    """Reject what polib would silently repair, such as a string missing its closing quote."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE_RE.match(line):
            raise LeafletError(f"syntax error: this line is not a keyword followed by one complete "
                               f"\"quoted\" string: {stripped[:60]!r}; open the catalog in Poedit or run "
                               "`msgfmt -c` on it to see the problem", shown, number)


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
            raise LeafletError(f"header line '{stray}' is not of the form 'Name: value'; fix it in Poedit "
                               "(Catalog > Properties) or add the missing ':'", shown, line or _header_line(text, ""))
    content_type = headers.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        raise LeafletError(f"header Content-Type is '{content_type}'; it must say "
                           "'text/plain; charset=UTF-8'", shown, _header_line(text, "Content-Type"))
    language = headers.get("Language", "")
    if language.replace("-", "_") != locale:
        raise LeafletError(f"header Language is '{language}' but the catalog is in the folder for "
                           f"'{locale}'; set Language: {locale}", shown, _header_line(text, "Language"))
    babel_locale(locale, shown)
    plural = headers.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", plural)
    expected = get_plural(locale).num_plurals
    if not match:
        raise LeafletError(f"header Plural-Forms is missing or broken; for {locale} it is "
                           f"'nplurals={expected}; plural={get_plural(locale).plural_expr};'", shown,
                           _header_line(text, "Plural-Forms"))
    if int(match[1]) != expected:
        raise LeafletError(f"header Plural-Forms says nplurals={match[1]} but {locale} has {expected} "
                           f"plural forms (CLDR): use 'nplurals={expected}; "
                           f"plural={get_plural(locale).plural_expr};'", shown,
                           _header_line(text, "Plural-Forms"))


def gettext_tool(name: str) -> str:
    return require_tool(name, "gettext")


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    changed: bool
    review_reset: bool = False  # a signed-off catalog went back to draft because its content changed


def update_catalog(po_path: Path, pot_path: Path) -> UpdateResult:
    """Merge the template into one catalog with msgmerge, as Poedit and Weblate do.

    If the merge changes what the catalog says (new, fuzzy or removed strings) and it was signed
    off, its X-Review-Status goes back to draft: the reviewer has not seen the new text.
    """
    with tempfile.TemporaryDirectory() as tmp:
        merged = Path(tmp) / po_path.name
        result = subprocess.run(
            [gettext_tool("msgmerge"), "--quiet", "--previous", "--width=79", "--output-file",
             str(merged), str(po_path), str(pot_path)],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise LeafletError(f"msgmerge could not merge the template: {result.stderr.strip()}",
                               display_path(po_path))
        old, new_po = polib.pofile(str(po_path)), polib.pofile(str(merged))
        reset = (new_po.metadata.get(REVIEW_HEADER, "").strip().lower() == "reviewed"
                 and content_digest(old) != content_digest(new_po))
        if reset:
            set_headers(merged, {REVIEW_HEADER: "draft"})
        new = merged.read_bytes()
        if new == po_path.read_bytes():
            return UpdateResult(po_path, False)
        tmp_target = po_path.with_suffix(".po.tmp")
        tmp_target.write_bytes(new)
        tmp_target.replace(po_path)
        return UpdateResult(po_path, True, reset)


def msgfmt_check(po_path: Path) -> list[str]:
    """Problems GNU `msgfmt -c` finds (format strings, headers); empty when the catalog passes."""
    result = subprocess.run([gettext_tool("msgfmt"), "-c", "-o", "/dev/null", str(po_path)],
                            capture_output=True, text=True)
    return [line for line in result.stderr.splitlines() if line.strip()] if result.returncode else []


def new_catalog(template: Path, po_path: Path, locale: str, team: str = "") -> None:
    """Start a catalog for a new locale from the template, with complete headers, as a draft."""
    if po_path.exists():
        raise LeafletError("the catalog already exists; use `make update-po` to bring it up to date",
                           display_path(po_path))
    babel_locale(locale)
    plural = get_plural(locale)
    po = polib.pofile(str(template), wrapwidth=79)
    po.header = ("Translation of the muscle-twitching patient leaflet and poster.\n"
                 "REVIEW STATUS: draft. Not yet reviewed by a qualified medical translator;\n"
                 "see the X-Review-* headers and README, 'Review and sign-off'.")
    po.metadata.update({
        "PO-Revision-Date": po.metadata.get("POT-Creation-Date", ""),
        "Last-Translator": "",
        "Language": locale,
        "Language-Team": team or f"{Locale.parse(locale).english_name} translators",
        "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        "Content-Type": "text/plain; charset=UTF-8",
        REVIEW_HEADER: "draft",
        REVIEWER: "",
        REVIEWER_ROLE: "",
        REVIEW_DATE: "",
    })
    po.metadata.pop("Generated-By", None)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))


def _literal(line: str) -> str:
    """The text of one quoted .po string on `line` (keyword, if any, already known to be there)."""
    raw = line[line.index('"') + 1: line.rindex('"')]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), raw)


def _quoted_lines(text: str, width: int = 79) -> list[str]:
    """`text` as .po string lines no wider than `width`, broken after spaces as GNU gettext does."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if len(escaped) + 2 <= width:
        return [f'"{escaped}"']
    lines, current = [], ""
    for piece in re.findall(r"[^ ]* *", escaped):
        if current and len(current) + len(piece) + 2 > width:
            lines.append(f'"{current}"')
            current = ""
        current += piece
    return lines + ([f'"{current}"'] if current else [])


def set_headers(po_path: Path, values: dict[str, str]) -> None:
    """Set header fields of a catalog, changing only their lines (no re-wrapping, no noise diff)."""
    for name, value in values.items():
        if any(ord(ch) < 32 for ch in value) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", name):
            raise LeafletError(f"header {name}: the value must be one line of text", display_path(po_path))
    lines = po_path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines[:-1]) if line.strip() == 'msgid ""'
                  and lines[i + 1].startswith("msgstr ") and (i == 0 or not lines[i - 1].startswith("msgctxt"))),
                 None)
    if start is None:
        raise LeafletError("the catalog has no header entry (msgid \"\"); open it in Poedit and save it",
                           display_path(po_path))
    first, end = start + 1, start + 2
    while end < len(lines) and lines[end].startswith('"'):
        end += 1
    # Group the header's string lines into fields: a field ends with a string ending in \n.
    fields: list[list[str]] = []
    current: list[str] = []
    for line in lines[first:end]:
        current.append(line)
        if _literal(line).endswith("\n"):
            fields.append(current)
            current = []
    tail = current
    pending = dict(values)
    out = []
    for group in fields:
        name = "".join(_literal(line) for line in group).split(":", 1)[0]
        if name not in pending:
            out += group
            continue
        new = _quoted_lines(f"{name}: {pending.pop(name)}\n")
        if group[0].startswith("msgstr"):  # the field shared the keyword line: keep the keyword alone
            out.append('msgstr ""')
        out += new
    for name, value in pending.items():
        out += _quoted_lines(f"{name}: {value}\n")
    if not out[0].startswith("msgstr"):
        out.insert(0, 'msgstr ""')
    lines[first:end] = out + tail
    tmp = po_path.with_suffix(".po.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(po_path)
