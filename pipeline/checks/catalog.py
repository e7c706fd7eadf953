"""Checks over one catalog as a whole: every string the outputs need, against its translation.

A domain is a document (its texts from the source) or the layouts' words (from the templates).
Each finding names the `.po` file and line, the msgctxt, the check and what to do. GNU
`msgfmt -c` is run as the outside judge of every catalog. A translator silences one check for
one entry with a translator comment `# ignore-<check>` (for example `# ignore-identical`), the
way Weblate's `ignore-*` flags work; a `#,` flag works too, but GNU msgmerge drops flags it does
not know, so the comment is what lasts. What blocks publishing (critical findings, untranslated
and fuzzy strings) cannot be silenced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n.catalogs import Catalog, msgfmt_check
from ..i18n.extract import LayoutString
from ..i18n.locales import LocaleInfo
from ..i18n.plurals import plural_problem
from ..i18n.scripts import script_settings
from ..model.document import Document, DrugTable
from ..render.fonts import Coverage
from . import REGISTRY, Finding, register, severity_of, unsilenceable
from .strings import STRING_CHECKS, Context
from .terminology import Glossary

IGNORE_RE = re.compile(r"\bignore-([a-z]+(?:-[a-z]+)*)")

register("untranslated", "functional", "catalog", "shown in English in a red box until translated")(None)
register("fuzzy", "functional", "catalog", "shown in English in a red box until confirmed")(None)
register("length", "critical", "catalog", "a poster text over its length limit")(None)
register("unbreakable", "critical", "catalog",
         "a word (a run with no place to break a line) too wide for the narrowest column it is printed in")(None)
register("glyphs", "critical", "catalog",
         "a character no font of the language's layout can draw (names the character, its code point and "
         "the fonts tried)")(None)
register("msgfmt", "critical", "catalog", "what GNU `msgfmt -c` rejects")(None)
register("catalog", "critical", "catalog", "a catalog that does not load")(None)
register("plural-forms", "critical", "catalog", "a Plural-Forms header that disagrees with CLDR")(None)
register("words", "functional", "catalog", "the locale's list of words kept whole when lines break "
         "(locales/<locale>/words.txt) does not load")(None)

#: The narrowest column each kind of text is printed in, in ems of the largest size it is set at
#: there (the widths and sizes of layouts/*.css): the bilingual leaflet's column is 81 mm (its
#: title 21 pt, headings 14 pt, list text 11 pt after a 7 mm indent; a table's columns widen
#: to their longest word); a poster's half-width box is 110 mm at 24 pt at the least, its headline 269 mm at
#: about 79 pt (letters 20 mm tall). Measured in the bold face, which is the wider.
COLUMN_EMS = (
    (lambda key: key == "document.title", 10.9),
    (lambda key: key == "poster.headline", 9.6),
    (lambda key: key.startswith("poster."), 12.9),
    (lambda key: key.endswith(".heading"), 16.2),
    (lambda key: True, 19.1),
)


@dataclass(frozen=True)
class Wanted:
    """A string the outputs need: a text of a document's source, or a layout word."""

    key: str
    english: str
    max_chars: int | None = None


def wanted_strings(document: Document | None, strings: tuple[LayoutString, ...] = ()) -> list[Wanted]:
    """A document's texts (with their limits), or, without a document, the layouts' words."""
    if document is not None:
        return [Wanted(t.key, t.english, t.max_chars) for t in document.texts()]
    return [Wanted(s.msgctxt, s.msgid) for s in strings]


def protected_names(document: Document | None) -> tuple[str, ...]:
    """Names that are data, never translated: terms, the drug table's medicines, the publisher."""
    if document is None:
        return ()
    names = [value for _, value in document.terms] + [document.meta.publisher]
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, DrugTable):
                names += [n for row in block.rows for m in row.medicines for n in (m.generic, m.brand)]
    return tuple(sorted({n for n in names if n}, key=lambda n: (-len(n), n)))


#: The checks that do not apply to a medicine's local name (term.<id>): it is the name itself,
#: and may be the English one (French prednisone).
NAME_SKIPS = frozenset({"names", "identical", "terminology"})


def local_names(document: Document | None, catalog: Catalog | None) -> tuple[tuple[str, str], ...]:
    """(English name, the form the catalog agrees for it) for each medicine name it translates."""
    if document is None or catalog is None:
        return ()
    entries = catalog.lookup()
    agreed = []
    for name in document.names:
        entry = entries.get((name.text.key, name.english))
        if entry is not None and entry.msgstr and not entry.fuzzy:
            agreed.append((name.english, entry.msgstr.strip()))
    return tuple(agreed)


def text_context(document: Document | None, locale: LocaleInfo, catalog: Catalog | None = None,
                 glossary: Glossary | None = None) -> Context:
    return Context(locale.language, locale.script, locale.direction, protected_names(document),
                   document.terms if document else (), local_names(document, catalog), glossary)


def longest_run(text: str) -> str:
    """The longest stretch of `text` a line cannot break inside (between spaces or hyphens)."""
    return max(re.split(r"[\s\-\u2010\u2011\u2013\u2014/]+", text), key=len, default="")


def check_catalog(catalog: Catalog, wanted: list[Wanted], context: Context,
                  fonts: Coverage | None = None) -> list[Finding]:
    """Compare every string the outputs need with its translation in `catalog`.

    With `fonts`, every character of every translation is also checked against them, and the
    widest unbreakable word against the narrowest column it is printed in.
    """
    findings: list[Finding] = []
    entries = catalog.lookup()
    silenceable_never = unsilenceable()

    for text in wanted:
        entry = entries.get((text.key, text.english))
        silenced = set(IGNORE_RE.findall(" ".join((*entry.flags, entry.translator_comment)))) if entry else set()

        def add(check: str, message: str, entry=entry, silenced=silenced, text=text) -> None:  # bound per entry
            if check in silenced:
                if check not in silenceable_never:
                    return  # silenced by the translator for this entry, as Weblate's ignore-* flags do
                message += f" (ignore-{check} has no effect: this finding blocks publishing)"
            findings.append(Finding(severity_of(check), check, message, catalog.path,
                                    entry.line if entry else None, text.key))

        if entry is None:
            add("untranslated", "not in the catalog, so the English is shown, marked as untranslated; "
                "run `make update-po` to bring the catalog up to date, then translate it")
            continue
        if not entry.msgstr:
            add("untranslated", "no translation; the English is shown, marked as untranslated. Translate it.")
            continue
        if entry.fuzzy:
            add("fuzzy", "marked fuzzy (the English changed, or the translation memory offered it), so it is "
                "not used. Check it against the English and remove the fuzzy flag.")
            continue
        for name in STRING_CHECKS:
            if name in NAME_SKIPS and text.key.startswith("term."):
                continue
            for message in REGISTRY[name].fn(text.english, entry.msgstr, context):  # type: ignore[misc]
                add(name, message)
        if text.max_chars and len(entry.msgstr) > text.max_chars:
            add("length", f"{len(entry.msgstr)} characters, over the poster limit of {text.max_chars}; "
                "shorten it")
        if fonts is not None:
            for ch in fonts.missing(entry.msgstr):
                add("glyphs", fonts.describe(ch))
            if script_settings(context.script).spaced:  # unspaced scripts break between characters
                word = longest_run(entry.msgstr)
                limit = next(ems for applies, ems in COLUMN_EMS if applies(text.key))
                width = fonts.width_em(word)
                if width > limit:
                    shown = word if len(word) <= 40 else f"{word[:20]}…{word[-10:]} ({len(word):,} characters)"
                    add("unbreakable", f"'{shown}' cannot be broken across lines and is about {width:.0f} ems wide, "
                        f"wider than the narrowest column it is printed in ({limit:g} ems): it would run off "
                        "the page. Split it with spaces or hyphens, or shorten it")
    return findings


def judge(catalog: Catalog, locale: LocaleInfo, ours: list[Finding]) -> list[Finding]:
    """msgfmt's findings (moved to the start of their entry, with its msgctxt; those our own
    placeholder check already reported are left out) and the plural forms against CLDR."""
    starts = sorted((e.line, e.msgctxt) for e in catalog.entries)
    reported = {f.msgctxt for f in ours if f.check == "placeholders"}
    placed: list[Finding] = []
    for problem in msgfmt_check(catalog):
        if re.search(r"found \d+ fatal errors?$", problem):
            continue  # msgfmt's own total, not a problem of its own
        match = re.match(r"^(.*?):(\d+): (.*)$", problem)
        line = int(match[2]) if match else None
        message = f"{match[3] if match else problem} (GNU msgfmt -c)"
        entry = max((s for s in starts if line and s[0] <= line), default=None)
        if entry is None:
            placed.append(Finding("critical", "msgfmt", message, catalog.path, line))
        elif entry[1] not in reported:
            placed.append(Finding("critical", "msgfmt", message, catalog.path, entry[0], entry[1]))
    plural = plural_problem(catalog.header("Plural-Forms"), locale.id)
    if plural:
        placed.append(Finding("critical", "plural-forms", plural, catalog.path, _header_line(catalog)))
    return placed


def _header_line(catalog: Catalog) -> int | None:
    for number, line in enumerate(catalog.data.decode("utf-8", "replace").splitlines(), 1):
        if line.startswith('"Plural-Forms:'):
            return number
    return None
