"""Gettext catalogs: find them, load them strictly, merge the template into them, judge them.

Merging and checking use GNU gettext's own `msgmerge` and `msgfmt -c`, the tools Poedit and
Weblate use, so a merge has exactly their semantics (changed English becomes fuzzy with the
`#|` previous msgid, obsolete entries are kept as `#~`, headers and wrapping are preserved).
Reading for the build uses polib, which keeps every header and each entry's line number.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .errors import LeafletError, display_path

MAX_CATALOG_BYTES = 5_000_000
#: A non-comment line of a .po file: an optional keyword and one complete C string literal.
PO_LINE_RE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')
LOCALE_RE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")
#: Header that records the review of a translation (see README, "Review status").
REVIEW_HEADER = "X-Review-Status"


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


def catalog_path(locales_dir: Path, locale: str, domain: str) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def discover_locales(locales_dir: Path, domain: str) -> list[str]:
    """Every locale that has a catalog for `domain`, sorted; folder names must be locale ids."""
    found = []
    for po in sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        locale = po.parent.parent.name
        if not LOCALE_RE.match(locale):
            raise LeafletError(f"folder '{locale}' is not a locale identifier such as 'hi', 'pt_BR' "
                               "or 'zh_Hans'; rename it", display_path(po.parent.parent))
        found.append(locale)
    return found


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
    return Catalog(locale, shown, headers, entries)


def _check_lines(text: str, shown: str) -> None:
    """Reject what polib would silently repair, such as a string missing its closing quote."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE_RE.match(line):
            raise LeafletError(f"syntax error: this line is not a keyword followed by one complete "
                               f"\"quoted\" string: {stripped[:60]!r}; open the catalog in Poedit or run "
                               "`msgfmt -c` on it to see the problem", shown, number)


def _header_line(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f'"{name}:'):
            return number
    return None


def _check_headers(headers: dict[str, str], locale: str, shown: str, text: str) -> None:
    content_type = headers.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        raise LeafletError(f"header Content-Type is '{content_type}'; it must say "
                           "'text/plain; charset=UTF-8'", shown, _header_line(text, "Content-Type"))
    language = headers.get("Language", "")
    if language.replace("-", "_") != locale:
        raise LeafletError(f"header Language is '{language}' but the catalog is in the folder for "
                           f"'{locale}'; set Language: {locale}", shown, _header_line(text, "Language") or 1)
    babel_locale(locale, shown)
    plural = headers.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", plural)
    expected = get_plural(locale).num_plurals
    if not match:
        raise LeafletError(f"header Plural-Forms is missing or broken; for {locale} it is "
                           f"'nplurals={expected}; plural={get_plural(locale).plural_expr};'", shown,
                           _header_line(text, "Plural-Forms") or 1)
    if int(match[1]) != expected:
        raise LeafletError(f"header Plural-Forms says nplurals={match[1]} but {locale} has {expected} "
                           f"plural forms (CLDR): use 'nplurals={expected}; "
                           f"plural={get_plural(locale).plural_expr};'", shown,
                           _header_line(text, "Plural-Forms"))


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise LeafletError(f"GNU gettext's `{name}` is not installed; run `make setup` as root, or "
                           "`sudo apt-get install gettext`")
    return path


def update_catalog(po_path: Path, pot_path: Path) -> bool:
    """Merge the template into one catalog with msgmerge; return True if the file changed."""
    with tempfile.TemporaryDirectory() as tmp:
        merged = Path(tmp) / po_path.name
        result = subprocess.run(
            [gettext_tool("msgmerge"), "--quiet", "--previous", "--width=79", "--output-file",
             str(merged), str(po_path), str(pot_path)],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise LeafletError(f"msgmerge could not merge the template: {result.stderr.strip()}",
                               display_path(po_path))
        new = merged.read_bytes()
        if new == po_path.read_bytes():
            return False
        tmp_target = po_path.with_suffix(".po.tmp")
        tmp_target.write_bytes(new)
        tmp_target.replace(po_path)
        return True


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
        "X-Reviewer": "",
        "X-Reviewer-Role": "",
        "X-Review-Date": "",
    })
    po.metadata.pop("Generated-By", None)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))
