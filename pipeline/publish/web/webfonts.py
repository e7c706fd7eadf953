"""Self-hosted web fonts: the vendored fonts cut down to the characters one page uses, as WOFF2.

A page names the same families as the PDFs (`pipeline/render/fonts.py`: the script's family,
then Latin), so a reader's phone shows what the printed leaflet shows, with no request to a
font service. Each font is subset with fontTools to the page's characters and written as WOFF2
(Brotli):

- deterministic: the `head` table keeps the vendored font's dates (`recalc_timestamp` off), so
  two builds write the same bytes;
- every OpenType layout feature a shaper applies to running text is kept (with the glyphs it
  reaches), since Devanagari conjuncts, Tamil vowel signs and Arabic joining are made there;
  the vertical-writing ones (no vertical text here) are not, and neither is `locl` in Han
  fonts, whose vendored face is already the locale's region (Simplified Chinese) and whose
  `locl` only reaches the Japanese, Korean and Traditional forms, half the subset's size;
- `halt` kept in Han faces: the half-width forms of full-width punctuation, which the pages
  ask for where two marks stand together (as the PDFs do);
- unhinted: phones and current desktop browsers do not use TrueType hinting, and it is a third
  of the bytes.

The file name carries a digest of what it was made from (font file, characters, options), so
a page's fonts are cacheable forever, and an unchanged font is not made again (see
`pipeline/publish/web/__init__.py`).
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from fontTools import unicodedata

from ...render.fonts import FontFamily, cmap

#: Bump when the options below change, so every subset is made again.
SUBSET_VERSION = "2"  # 2: Han faces keep `halt`
VERTICAL_FEATURES = frozenset({"vert", "vrt2", "valt", "vkrn", "vpal", "vhal", "vchw"})
HAN_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hira", "Kana", "Hang"})
#: Drawn by the browser from the page's fonts without being in its text: list numbers and
#: their full stop, the hyphen of automatic hyphenation, a list's bullet, the ellipsis.
ALWAYS = frozenset("0123456789.-\u2010\u2022\u2026 ")


@dataclass(frozen=True)
class WebFont:
    """One face of one family as a page declares it."""

    family: str
    weight: int  # 400 or 700
    source: Path  # the vendored font file
    script: str  # the family's script (ISO 15924), which decides the layout features kept

    def file_name(self, characters: str, source_digest: str) -> str:
        """`NotoSansDevanagari-Regular-<digest>.woff2`: the digest changes with the characters."""
        key = hashlib.sha256(f"{SUBSET_VERSION}\0{source_digest}\0{characters}".encode()).hexdigest()[:12]
        return f"{self.source.stem}-{key}.woff2"


def face(folder: Path, family: FontFamily, weight: int) -> WebFont:
    """The regular (400) or bold (700) face of a family, as a page declares it."""
    source = folder / (family.bold if weight == BOLD else family.regular)
    return WebFont(family.family, weight, source, family.script or main_script(source))


@cache
def main_script(source: Path) -> str:
    """The script (ISO 15924) most of a font's characters belong to: `Hani` for a CJK face,
    whatever Latin it also draws; `Zyyy` for a font of punctuation and digits only."""
    counts = Counter(unicodedata.script(chr(code)) for code in cmap(source))
    counts.pop("Zyyy", None), counts.pop("Zinh", None)
    return counts.most_common(1)[0][0] if counts else "Zyyy"


#: Elements with no end tag: they never hold text or change the language of what follows.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: What the web layout sets in bold: elements with these tags, classes or attributes, and what
#: they hold. The pipeline writes the one rule that makes them bold (`style.py`) and site.css
#: sets no weight, so each page's bold faces hold only the characters of its bold text.
BOLD_TAGS = ("h1", "h2", "h3", "strong", "b", "th", "caption", "summary")
BOLD_CLASSES = ("clinic-name", "draft-notice", "action", "download", "native", "phone", "review-info")
BOLD_ATTRIBUTES = ("aria-current",)
REGULAR, BOLD = 400, 700


def bold_selector() -> str:
    """The CSS selector of everything `BOLD_*` names."""
    return ", ".join([*BOLD_TAGS, *(f".{c}" for c in BOLD_CLASSES), *(f"[{a}]" for a in BOLD_ATTRIBUTES)])


def _is_bold(tag: str, attrs: dict[str, str | None]) -> bool:
    return (tag in BOLD_TAGS or any(a in attrs for a in BOLD_ATTRIBUTES)
            or bool(set((attrs.get("class") or "").split()) & set(BOLD_CLASSES)))


class _TextCollector(HTMLParser):
    """The characters an HTML page shows, by the language of the element they are in (which
    decides the font stack that draws them) and by weight. Its <head> shows nothing in the
    page's fonts: the <title> is drawn by the browser's own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[tuple[str, int], set[str]] = {}
        self._open: list[tuple[str, str, bool]] = [("", "", False)]  # (tag, language, bold) of each open element
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self._head = True
        if tag in VOID:
            return
        values = dict(attrs)
        _, lang, bold = self._open[-1]
        self._open.append((tag, values["lang"] or "" if "lang" in values else lang, bold or _is_bold(tag, values)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._head = False
        for i in range(len(self._open) - 1, 0, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._head:
            _, lang, bold = self._open[-1]
            self.found.setdefault((lang, BOLD if bold else REGULAR), set()).update(data)


def characters_by_lang(html: str, page_lang: str) -> dict[tuple[str, int], str]:
    """The distinct characters of a page's text by (language tag, weight), sorted; the page's
    own language also gets, in each weight it is set in, what the browser may draw on its own
    in the page's fonts (ALWAYS)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    shown = {key: chars - {"\n", "\t", "\r", " "} for key, chars in collector.found.items()}
    shown = {key: chars for key, chars in shown.items() if chars}
    shown[(page_lang, REGULAR)] = shown.get((page_lang, REGULAR), set()) | ALWAYS
    if (page_lang, BOLD) in shown:
        shown[(page_lang, BOLD)] |= ALWAYS
    return {key: "".join(sorted(chars | {" "})) for key, chars in shown.items()}


def assign(by_lang: dict[tuple[str, int], str], stacks: Mapping[str, tuple[FontFamily, ...]], folder: Path,
           default: str) -> dict[tuple[FontFamily, int], str]:
    """Which face draws which characters, as a browser picks: for each character, the first
    family of its language's stack whose font has it (text in no language known goes to the
    page's `default` stack), in the weight it is set in. Characters no family has are left to
    the reader's own fonts."""
    found: dict[tuple[FontFamily, int], set[str]] = {}
    for (lang, weight), characters in by_lang.items():
        stack = stacks.get(lang, stacks[default])
        maps = [(family, cmap((folder / family.regular).resolve())) for family in stack]
        for char in characters:
            for family, codes in maps:
                if ord(char) in codes:
                    found.setdefault((family, weight), set()).add(char)
                    break
    return {key: "".join(sorted(chars)) for key, chars in found.items()}


def layout_features(script: str) -> list[str]:
    from fontTools import subset

    default = subset.Options().layout_features
    dropped = VERTICAL_FEATURES | ({"locl"} if script in HAN_SCRIPTS else set())
    # `halt`, not a default feature: the half-width forms of full-width punctuation marks that
    # the pages ask for where two stand together (site.css `.halt`).
    kept = ["halt"] if script in HAN_SCRIPTS else []
    return [feature for feature in default if feature not in dropped] + kept


def subset_woff2(source: Path, script: str, characters: str) -> bytes:
    """The font file cut down to `characters` (and the glyphs its layout features reach), as
    WOFF2, the same bytes for the same inputs."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = layout_features(script)
    options.hinting = False
    options.recalc_timestamp = False  # keep head.modified: the same bytes on every build
    # Names 0-6 (copyright, family, version) and 13-14 (the licence and its address) stay with
    # the font, as the OFL asks of every copy.
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    font = subset.load_font(str(source), options, dontLoadGlyphNames=True)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        out = io.BytesIO()
        subset.save_font(font, out, options)
    finally:
        font.close()
    return out.getvalue()


def make_subset(job: tuple[str, str, str]) -> tuple[tuple[str, str, str], bytes]:
    """`subset_woff2` for a process pool: (font path, script, characters) -> (the job, the bytes)."""
    source, script, characters = job
    return job, subset_woff2(Path(source), script, characters)
