"""The table of supported languages in README.md, made from the data, so it cannot drift.

A language is listed when the project proves it prints it: English (the source) and every
language of `pipeline/i18n/data/languages.yaml`, which tests/system/test_languages.py builds
from the templates with real text in its script. Every column is derived, none written by hand:
the name and direction from CLDR (Babel), the script and font from the font choice
(pipeline/render/fonts.py: by what the fonts draw), the plural forms from CLDR's rules as the
catalogs' Plural-Forms header carries them, hyphenation from the script's settings and
Pyphen's dictionaries (as WeasyPrint looks them up), the digits from CLDR's default numbering
system. `leaflets languages --readme` rewrites the table between its markers in README.md; a
test fails when the README's table is not what this module makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale

from ..errors import LeafletError
from ..files import read_text, write_atomically
from ..i18n.locales import ASCII_DIGITS, locale_info
from ..i18n.plurals import cldr_plural_forms, parse_plural_forms, plural_tags
from ..i18n.scripts import script_settings
from ..project import SOURCE_LOCALE, Project
from ..render.fonts import choose_fonts

LANGUAGES = Path(__file__).resolve().parent.parent / "i18n" / "data" / "languages.yaml"
START, END = "<!-- languages:start (made by `.venv/bin/leaflets languages --readme`) -->", "<!-- languages:end -->"
#: Whole numbers shown as examples of each plural form; the round millions only for a form that
#: takes none of the first (CLDR's "many" of Spanish, French and Portuguese).
EXAMPLES = range(0, 201)
MILLIONS = (1_000_000, 2_000_000)


@dataclass(frozen=True)
class LanguageRow:
    language: str  # "Bengali (বাংলা)"
    locale: str
    script: str  # "Beng (Bengali)"
    font: str
    direction: str
    plural: str  # the forms in CLDR's order, with the whole numbers each takes
    hyphenation: str
    digits: str

    def cells(self) -> tuple[str, ...]:
        return (self.language, f"`{self.locale}`", self.script, self.font, self.direction, self.plural,
                self.hyphenation, self.digits)


def supported_locales() -> list[str]:
    """English and every language the proof test builds."""
    data = yaml.safe_load(LANGUAGES.read_text(encoding="utf-8"))
    return [SOURCE_LOCALE, *data["languages"]]


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = previous = None
    for n in [*numbers, None]:
        if n is not None and previous is not None and n == previous + 1:
            previous = n
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = n
    shown = parts[:3]
    return ", ".join(shown) + (", …" if len(parts) > 3 else "")


def plural_summary(locale: str) -> str:
    """`one (1), other (0, 2-200)`: CLDR's forms for the locale, in the catalogs' order."""
    header = cldr_plural_forms(locale)
    count, function = parse_plural_forms(header)
    tags = plural_tags(locale)
    forms = []
    for index, tag in enumerate(tags[:count]):
        numbers = [n for n in EXAMPLES if function(n) == index] or [n for n in MILLIONS if function(n) == index]
        forms.append(f"{tag} ({_ranges(numbers)})" if numbers else f"{tag} (fractions only)")
    if count == 1:
        return "one form"
    return ", ".join(forms)


def hyphenation(locale: str, script: str) -> str:
    """Whether running text is hyphenated: the script allows it and Pyphen has a dictionary
    for the language as WeasyPrint asks for it (by the lang attribute)."""
    import pyphen

    if not script_settings(script).hyphenate:
        return "no (not done in this script)"
    dictionary = pyphen.language_fallback(locale_info(locale).lang_tag.replace("-", "_"))
    return f"yes ({dictionary})" if dictionary else "no (no dictionary)"


def digits(locale: str) -> str:
    info = locale_info(locale)
    if info.digits == ASCII_DIGITS:
        return "0-9"
    return f"{info.digits[0]}-{info.digits[-1]}"


def language_row(layouts: Path, locale: str) -> LanguageRow:
    info = locale_info(locale)
    choice = choose_fonts(layouts, locale)
    name = info.english_name if info.native_name == info.english_name else f"{info.english_name} / {info.native_name}"
    code = choice.script
    script = f"{code} ({Locale('en').scripts.get(code, code)})"
    font = " + ".join(f.family for f in choice.stack[:-1]) if len(choice.stack) > 1 else choice.primary.family
    return LanguageRow(name, locale, script, font, "right to left" if info.direction == "rtl" else "left to right",
                       plural_summary(locale), hyphenation(locale, code), digits(locale))


def language_table(project: Project) -> str:
    """The README's table of supported languages, in Markdown."""
    head = ("language", "locale", "script", "font", "direction", "plural forms (CLDR)", "hyphenation", "digits")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for locale in supported_locales():
        lines.append("| " + " | ".join(language_row(project.layouts, locale).cells()) + " |")
    return "\n".join(lines)


def readme_with_table(text: str, table: str) -> str:
    """README.md's text with the table between its markers replaced."""
    if START not in text or END not in text:
        raise LeafletError(f"README.md has no table markers ({START} ... {END})")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table}\n{END}{after}"


def write_readme_table(project: Project) -> bool:
    """Rewrite README.md's table of supported languages; True when it changed."""
    path = project.root / "README.md"
    text = read_text(path, project.root, 1_000_000, "README")
    new = readme_with_table(text, language_table(project))
    if new == text:
        return False
    write_atomically(path, new.encode("utf-8"), project.root)
    return True
