"""A localized document as HTML and CSS: the Jinja layouts, and the per-document stylesheet.

Safety: Jinja autoescapes every value, translations included: the layouts' gettext here
returns text already escaped (Jinja's own newstyle gettext would mark a translation as safe
HTML), and untranslated words are wrapped so they show as English, visibly. The per-document
CSS (brand colours, fonts, paper, the poster's sizes, the margin-box words, and the script's
line heights, size and hyphenation from pipeline/i18n/scripts.yaml) is built in Python with
every string hex-escaped, never through Jinja, which would HTML-escape it inside <style> and
make WeasyPrint drop the rule silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta, pass_context
from markupsafe import Markup, escape

from ..errors import LeafletError
from ..i18n import segment
from ..i18n.locales import ASCII_DIGITS
from ..i18n.localize import LocalizedDocument, fill_placeholders
from ..i18n.scripts import ScriptSettings, script_settings
from ..model.clinic import Clinic
from ..model.document import iter_texts
from ..project import SOURCE_LOCALE
from .editions import MARGIN_MIN_PT, Edition, Paper
from .fonts import choose_fonts, coverage
from .weasy.keepend import KEEP_END
from .widows import text_key

_PAGE, _PAGES = "\ue000", "\ue001"  # private-use markers for the page counters in a translation
LRI, PDI = "\u2066", "\u2069"  # Unicode left-to-right isolate and its closing mark


def css_string(text: str) -> str:
    """A CSS string literal: every character that could end or escape it is hex-escaped."""
    out = []
    for char in text:
        if char.isalnum() or char == " " or (ord(char) > 0x7F and char.isprintable()):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x} ")  # the space ends the escape and is not printed
    return f'"{"".join(out)}"'


#: The counter style of the locale's own digits, where CLDR's default numbering is not 0-9.
DIGITS_STYLE = "locale-digits"
#: The sizes of the leaflets' margin texts are the edition's (editions.MARGIN_PT, never below
#: MARGIN_MIN_PT when shrunk to fit); the widest side margins of the leaflets (17mm each) and 2mm
#: to spare.
MARGINS_MM = 36.0
PT_PER_MM = 72 / 25.4


def css_content(text: str, style: str = "") -> str:
    """A `content:` value from a translation holding the page-counter markers (counted in the
    counter style `style`, if given)."""
    parts = []
    suffix = f", {style}" if style else ""
    for chunk in text.replace(_PAGES, f"\0{_PAGES}\0").replace(_PAGE, f"\0{_PAGE}\0").split("\0"):
        if chunk == _PAGE:
            parts.append(f"counter(page{suffix})")
        elif chunk == _PAGES:
            parts.append(f"counter(pages{suffix})")
        elif chunk:
            parts.append(css_string(chunk))
    return " ".join(parts) or '""'


def isolate_ltr(text: str, direction: str) -> str:
    """Keep Latin runs (phone numbers, addresses, English notes) whole inside right-to-left text.

    WeasyPrint ignores `unicode-bidi`, so the isolation is done with Unicode's own isolate
    characters, which Pango's bidi algorithm honours: "14 Mill Lane" stays in that order, and
    an English sentence keeps its full stop at its end.
    """
    return f"{LRI}{text}{PDI}" if direction == "rtl" and text else text


def ltr_html(text: str, direction: str) -> Markup:
    """A Latin run (address, phone, drug name) inside right-to-left text: isolated, and in the
    Latin font (class "latin"), or its digits and punctuation come from the Arabic font."""
    if direction != "rtl" or not text:
        return escape(text)
    return Markup('<span class="latin">{}</span>').format(isolate_ltr(text, direction))


#: A slash of a web address's path (not the two of its scheme, https://).
_PATH_SLASH = re.compile(r"(?<![:/])/(?!/)")


def url_marks(url: str) -> str:
    """A web address marked for line breaking as a reader must type it: never broken at a
    hyphen (a word joiner after each: a hyphen at a line's end reads as a hyphenation, and is
    left out), and, only where a line cannot hold it whole, broken before a slash of its path
    (a zero-width space before the slash, a joiner after: the slash that starts the next line
    says the address goes on), never inside the scheme. Neither mark is text: copy and search
    get the address as written."""
    return _PATH_SLASH.sub(f"{segment.ZWSP}/{segment.WJ}", url.replace("-", f"-{segment.WJ}"))


def url_html(url: str, direction: str) -> Markup:
    """A web address (url_marks) in the Latin font, isolated in right-to-left text."""
    return Markup('<span class="latin" dir="ltr">{}</span>').format(isolate_ltr(url_marks(str(url)), direction))


#: What shaping and rounding may add to a text's width measured from its advances (unshaped).
WIDTH_MARGIN = 1.02


#: A tag or an entity in HTML: the parts of it no line-break mark may go inside.
_MARKUP_RE = re.compile(r"(<[^>]*>|&[#A-Za-z0-9]+;)")


def prepare_html(html: Markup, breaks: str, words: tuple[str, ...] = ()) -> Markup:
    """HTML whose text (never its tags or entities) is marked where lines may break, as the
    script's `breaks` asks (segment.prepare), the document's lexicon `words` kept whole."""
    parts = _MARKUP_RE.split(str(html))
    return Markup("".join(part if i % 2 else segment.prepare(part, breaks, words=words)
                          for i, part in enumerate(parts)))


#: A word written with hyphens ("contracte-t-il", "d'elles-mêmes", "கால்-கை"): letters only.
#: Its letters with their marks (a vowel sign is a mark: a span ending before it cut "आस-पास"
#: into a dotted circle, which the shaping check found).
_COMPOUND_RE = regex.compile(r"(?<![\p{L}\p{M}\p{N}_-])\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)+(?![\p{L}\p{M}\p{N}_-])")


#: A hyphen of a word written with hyphens, unless it stands between two characters of a script
#: without spaces (眼阵挛-肌阵挛): there a line may break after it, as Chinese typesetting allows
#: (no word is hyphenated there, so it cannot read as a hyphenation); joined, the compound moved
#: down whole and left a line six characters short in the bilingual's narrow column.
_JOINED_HYPHEN = regex.compile(rf"(?<!{segment.NO_SPACE_CHAR.pattern})-|-(?!{segment.NO_SPACE_CHAR.pattern})")


def _join_compound(match: regex.Match) -> str:
    return _JOINED_HYPHEN.sub(f"-{segment.WJ}", match.group())


#: Full-width punctuation of Chinese and Japanese (CLREQ 6.3.2, JLREQ 3.1.4): each glyph takes
#: half its em and leaves the other half blank, closing brackets and pauses on their right,
#: opening brackets on their left. Two of them side by side print with that blank doubled, a gap
#: of an em or more inside a phrase (the Chinese leaflet's "（电解质），以及" read as a word
#: space): a typesetter sets one of the pair at half width, the font's `halt` feature (two marks
#: in an em and a half, as CLREQ asks of consecutive marks).
CLOSING_MARKS = "）》」』】〕〉〗｝"
PAUSE_MARKS = "，。、；：！？"
OPENING_MARKS = "（《「『【〔〈〖｛"
#: Curly quotation marks: full-width in a Chinese font (the leaflet's "肌束颤动”。"), narrow
#: in a Latin one. They count as marks of the pair only beside a full-width one, so a Latin
#: text's quotes are never touched.
CLOSING_QUOTES, OPENING_QUOTES = "”’", "“‘"
#: A closing mark before a pause, another closing or an opening mark, then a pause before an
#: opening mark: the first of the pair, or the opening mark, is set at half width. Joiners and
#: closing tags may stand between them ("（ALS）</strong>：").
_BETWEEN = r"(?:</[a-z0-9]+>|[\u2060\u200b])*"
_PAIRED_CLOSING = regex.compile(
    rf"[{CLOSING_MARKS}](?={_BETWEEN}[{CLOSING_MARKS}{PAUSE_MARKS}{OPENING_MARKS}{CLOSING_QUOTES}{OPENING_QUOTES}])"
    rf"|[{CLOSING_QUOTES}](?={_BETWEEN}[{CLOSING_MARKS}{PAUSE_MARKS}{OPENING_MARKS}])")
_PAIRED_OPENING = regex.compile(rf"(?<=[{PAUSE_MARKS}]{_BETWEEN})[{OPENING_MARKS}{OPENING_QUOTES}]")


def half_width_pairs(html: str) -> str:
    """The document's HTML with one mark of each pair of full-width punctuation marks side by
    side (CLOSING_MARKS, PAUSE_MARKS) in `<span class="halt">` (common.css: the font's half-width
    forms): only in text, never inside a tag or an entity. The span holds a punctuation mark
    alone, no letter, so it cuts no cluster; no line may break inside a pair either way (a
    closing mark or a pause never starts a line, an opening mark never ends one)."""
    # The lookaround reads across tags, so the pairs are found in the whole document and only
    # the marks that stand in text (not inside a tag or an entity) are wrapped.
    marks = sorted({m.start() for m in _PAIRED_CLOSING.finditer(html)} |
                   {m.start() for m in _PAIRED_OPENING.finditer(html)})
    if not marks:
        return html
    in_markup = [m.span() for m in _MARKUP_RE.finditer(html)]
    out, position, tag = [], 0, 0
    for mark in marks:
        while tag < len(in_markup) and in_markup[tag][1] <= mark:
            tag += 1
        if tag < len(in_markup) and in_markup[tag][0] <= mark:
            continue  # inside a tag (an attribute's value)
        out += [html[position:mark], f'<span class="halt">{html[mark]}</span>']
        position = mark + 1
    out.append(html[position:])
    return "".join(out)


def mark_names(html: Markup, pattern: regex.Pattern | None) -> Markup:
    """The names in the text of `html` (never in its tags) in `<span class="name">`, which the
    layouts never hyphenate, and each word written with hyphens kept on one line by a word
    joiner after each of its hyphens ("contracte-t-/il" reads as a hyphenated word). Not a
    `white-space: nowrap` box: WeasyPrint breaks before the text ahead of one it cannot fit,
    which set "Pourquoi" alone on a heading's first line (the preflight's early-break check).
    The spans hold whole words only, so they cut no cluster; a joiner stands before a letter,
    never before a mark."""
    parts = _MARKUP_RE.split(str(html))
    out = []
    for i, part in enumerate(parts):
        if not i % 2:
            if pattern is not None:
                part = pattern.sub(r'<span class="name">\g<0></span>', part)
            pieces = _MARKUP_RE.split(part)
            part = "".join(p if j % 2 else _COMPOUND_RE.sub(_join_compound, p) for j, p in enumerate(pieces))
        out.append(part)
    return Markup("".join(out))


def keep_end_together(text: str, end: bool = True, direction: str = "ltr", breaks: str = "spaces",
                      words: tuple[str, ...] = (), names: regex.Pattern | None = None,
                      pair_fits: bool = False) -> Markup:
    """A text ready to wrap (pipeline/i18n/segment.py): Chinese and Korean words kept whole,
    Burmese syllables marked as places to break (as the script's `breaks` asks), and the last
    two characters of text without spaces kept on one line; with `end`, a headline's short last
    word kept with the one before. Only joiners, zero-width and no-break spaces are added, never
    a tag inside a word, so no grapheme cluster is ever cut (a `<span>` inside "व्यायाम" printed
    "व्याय◌ाम"). In right-to-left text, Latin phrases (B1, B5; Apollo Hospitals) get the Latin
    font, or their digits and punctuation come from the Arabic font. `words` is the document's
    lexicon (segment.lexicon: its medicine names and terms), kept whole; `names` (segment.names_pattern)
    are marked never to be hyphenated; `pair_fits` (with `end`): the layout found the last two
    words fit one line of the text's column, so they are joined whatever their length
    (render/widows.py). The text is escaped."""
    if isinstance(text, Markup) and ("&" in text or "<" in text):
        return mark_names(prepare_html(text, breaks, words), names)  # already HTML: only its text is marked
    # No no-break space joins in right-to-left text: readers (pypdf) then put the joined
    # words of an Arabic line in the wrong order when they extract it; a headline's last words
    # are kept together by a word joiner after their space (segment.keep_end_rtl).
    rtl = bool(segment.RTL_LETTER.search(str(text)))
    text = segment.typeset(str(text), end and not rtl, breaks, words, pair_fits)
    if end and rtl:
        text = segment.keep_end_rtl(text, pair_fits)
    if direction != "rtl":
        return mark_names(escape(text), names)
    # Names are marked only in a text all in Latin letters (the bilingual's English column):
    # in Arabic, WeasyPrint orders the inline boxes of a Latin phrase right to left, and
    # "Apollo Hospitals" in two spans printed "Hospitals Apollo" (Arabic is not hyphenated).
    english = not segment.RTL_LETTER.search(text)
    out, last = [], 0
    for match in segment.LATIN_PHRASE.finditer(text):
        out.append(escape(text[last:match.start()]))
        phrase = mark_names(escape(match.group()), names) if english else escape(match.group())
        out.append(Markup('<span class="latin">{}</span>').format(phrase))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _filled(phrase: str, **values: str) -> str:
    """A layout string with its placeholders filled in (only `%(name)s` and `%%`, as localize does)."""
    return fill_placeholders(str(phrase), values, frozenset(values))


def script_rules(edition: Edition, own: ScriptSettings, latin: ScriptSettings) -> list[str]:
    """The script's typography (pipeline/i18n/scripts.yaml) as CSS rules for one edition: line
    heights, the size of running text, hyphenation. English blocks in the document (the
    bilingual leaflet's English column, a poster text not translated yet, which the poster marks
    lang="en") keep Latin's settings, so a first draft's English fits as English would."""
    heights = own.line_height
    if edition.is_poster:
        rules = [f"html {{ line-height: {heights.poster:g}; }}",
                 f"h1, h2, h3 {{ line-height: {heights.headings:g}; }}",
                 f"main h1 {{ line-height: {heights.poster_headline:g}; }}",
                 f'main p[lang="en"], main li[lang="en"] {{ line-height: {latin.line_height.poster:g}; }}',
                 f'main h2[lang="en"] {{ line-height: {latin.line_height.headings:g}; }}',
                 f'main h1[lang="en"] {{ line-height: {latin.line_height.poster_headline:g}; }}']
        if own.headline_below:
            rules.append(f'main h1:not([lang="en"]) {{ padding-bottom: {own.headline_below:g}em; }}')
    else:
        body = heights.large_print if edition.large_print else heights.leaflet
        latin_body = latin.line_height.large_print if edition.large_print else latin.line_height.leaflet
        rules = [f"html {{ line-height: {body:g}; }}",
                 f"h1, h2, h3 {{ line-height: {heights.headings:g}; }}",
                 f'.col-en, .drugs td[lang="en"], .drugs th[lang="en"], .drugs .caption-en {{ line-height: {latin_body:g}; }}',
                 f'.col-en h1, .col-en h2, .col-en h3 {{ line-height: {latin.line_height.headings:g}; }}']
        if own.headline_below:  # the rule under a heading clear of the letters' tails
            rules.append(f"h2 {{ padding-bottom: {own.headline_below:g}em; }}")
        if body != latin_body:
            # The clinic's phone, address and web addresses are written in Latin letters (the
            # `ltr` filter's premise): a script's taller lines would only spread them out, and
            # in Nastaliq large print push the back page's last lines onto a page of their own.
            rules.append(".contact .phone, .contact .address, .contact .web, .contact .qr-url "
                         f"{{ line-height: {latin_body:g}; }}")
    if heights.small != latin.line_height.small:
        # The small print the layouts set tight (1.25-1.35), where the script needs more room.
        rules.append(".draft-notice, .contact .draft-notice, .qr-block, .contact .qr-block, .contact .credit, "
                     f".contact .review-info, .running-draft {{ line-height: {heights.small:g}; }}")
    if own.size != 1:
        # Running text inherits the body's size; what the layouts size in pt (headings, captions,
        # the bilingual's table, the small print, the margins) multiplies its Latin size by
        # --script-size. English keeps the Latin size: the bilingual's English column, an English
        # block (--script-size back to 1 for what it sizes itself) and the English line of the
        # draft status beside the translation's (inside a box sized for the script).
        rules += [f":root {{ --script-size: {own.size:g}; }}",
                  '[lang="en"] { --script-size: 1; }',
                  f"html body, html .col-local {{ font-size: {own.size * 100:g}%; }}",
                  f"html .col-en {{ font-size: {100 / own.size:.1f}%; }}",
                  f'html .line[lang="en"] {{ font-size: {100 / own.size:.1f}%; }}']
    if not own.hyphenate:
        rules.append("p, li, td, th, caption, .col-local p, .col-local li { hyphens: manual; }")
    return rules


def columns(text: str) -> int:
    """A text's length in columns (Chinese characters count two): a list item short enough to
    be one line in every edition keeps the next item with it (leaflet.html.j2)."""
    return _columns(str(text))


@lru_cache(maxsize=8192)
def _columns(text: str) -> int:
    # The templates ask for the same texts' lengths in every layout of a document (a bilingual
    # is rendered to HTML five or six times): 40k characters counted a render, a third of it.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_columns(value: Any) -> int:
    """The length in columns of every text in a block (a string, or a tree of them)."""
    if isinstance(value, str):
        return columns(value)
    return sum(columns(text) for text in iter_texts(value, str))


#: keep_end_together for the templates: a pure function of its arguments, asked for the same
#: texts in every layout of a document (five or six HTML renders of a bilingual leaflet), a
#: third of a render's time. `typed`: a Markup text (already HTML) is not the same as a str.
_keep_end_together = lru_cache(maxsize=4096, typed=True)(keep_end_together)


def _english(context: str, message: str, **variables: Any) -> Markup:
    """A layout string's English original, escaped and formatted as pgettext would format it
    (the bilingual edition's English column); not extracted, since English needs no translation."""
    return escape(message) % variables if variables else escape(message)


class Layouts:
    """The layouts folder as one Jinja environment, reused for every document of a process."""

    def __init__(self, layouts_dir: Path):
        self.dir = layouts_dir
        self._template_files: dict[str, frozenset[Path]] = {}
        self.env = Environment(loader=FileSystemLoader(layouts_dir), autoescape=True, undefined=StrictUndefined,
                               extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
        # One environment per process; the callables read the document being rendered (`bound`).
        self._doc: LocalizedDocument | None = None
        self.env.globals.update(pgettext=self._pgettext, gettext=lambda message: self._pgettext("", message),
                                en=_english)
        self.env.filters["ltr"] = lambda text: ltr_html(str(text), self._bound().direction)
        self.env.filters["url"] = lambda text: url_html(str(text), self._bound().direction)
        # pass_context: Jinja's compiler would otherwise apply the filter to a literal once, when
        # it compiles the template ({{ "Draft translation: ..." | keep_end_together }}), and every
        # document would get that result, whatever its language and joined ends.
        self.env.filters["keep_end_together"] = pass_context(lambda _, text, end=True: _keep_end_together(
            text, end, self._bound().direction, self._breaks(), self._bound().words, self._names,
            end and text_key(str(text)) in self.joined_ends))
        self._names: regex.Pattern | None = None
        self._breaks_of: str | None = None  # the bound document's script's breaks, once asked for
        #: The texts whose last two words are joined whatever their length: those a first layout
        #: left with one word on their last line, where the pair fits (render/widows.py; the
        #: renderer sets them for one document at a time).
        self.joined_ends: frozenset[str] = frozenset()
        #: The height (mm) of the ruled lines of notes set under the text, on its last page, when
        #: a first layout left that page empty enough and the back page too little room for notes
        #: (the renderer sets it for one document at a time; None: the two endings, as usual).
        self.notes_flow: float | None = None
        #: Whether the layout joins display texts' last words itself (render/weasy/keepend.py):
        #: the templates then mark each block whose whole text is one (`keep_end_mark()` in the
        #: tag; an attribute no PDF shows), and the hook joins where the lines ask for it.
        self.join_in_layout = False
        self.env.globals["keep_end_mark"] = lambda: Markup(f' {KEEP_END}=""') if self.join_in_layout else Markup("")
        #: The leaflet's space between paragraphs, headings, list items and boxes, as a share of
        #: what layouts/leaflet.css gives (its `--space`): less than 1 where the text's last page
        #: held only a few lines before the notes (the renderer's _fit_text, one document at a time).
        self.space: float = 1.0
        # A middle dot between two items of one line ("…verified by askapollo. · muscle-twitching
        # 1.0.0"): a word joiner after each space forbids a break there, so the dot never ends
        # nor starts a line (the poster's credit printed "askapollo. ·" / "muscle-twitching").
        # No no-break space: readers reorder words joined so in right-to-left text.
        self.env.globals["separator"] = Markup(f" {segment.WJ}· {segment.WJ}")
        self.env.globals["columns"] = columns
        self.env.globals["text_columns"] = text_columns

    def _bound(self) -> LocalizedDocument:
        if self._doc is None:
            raise RuntimeError("a layout string was asked for outside a render")
        return self._doc

    def _breaks(self) -> str:
        """How the bound document's script breaks lines (scripts.yaml `breaks`)."""
        if self._breaks_of is None:  # asked for each string: found once a render (`bound`)
            self._breaks_of = script_settings(choose_fonts(self.dir, self._bound().locale).script).breaks
        return self._breaks_of

    @contextmanager
    def bound(self, doc: LocalizedDocument) -> Iterator[None]:
        """The document the layouts' gettext and filters work on, for one render."""
        previous, self._doc = self._doc, doc
        previous_names, self._names = self._names, segment.names_pattern(doc.names)
        previous_breaks, self._breaks_of = self._breaks_of, None
        try:
            yield
        finally:
            self._doc, self._names, self._breaks_of = previous, previous_names, previous_breaks

    def _pgettext(self, context: str, message: str, **variables: Any) -> Markup:
        """A layout string through the localize policy, escaped so a translation cannot add markup;
        an untranslated one is wrapped to show as English, visibly. A translation is marked
        where its lines may break, as its script asks (Korean words joined, Burmese syllables
        separated), once its placeholders are filled in."""
        phrase = self._bound().gettext(context, message)
        text = escape(str(phrase))
        if variables:
            text = text % variables  # Markup's % escapes each value; the translation's own % was checked
        if phrase.lang:
            return Markup('<span class="untranslated" lang="{}">{}</span>').format(phrase.lang, text)
        return prepare_html(text, self._breaks(), self._bound().words)

    def template_files(self, name: str) -> frozenset[Path]:
        """The template file and every template it imports or includes, found statically once."""
        if name not in self._template_files:
            loader = self.env.loader
            assert loader is not None
            source, filename, _ = loader.get_source(self.env, name)
            files = {Path(str(filename)).resolve()}
            for ref in meta.find_referenced_templates(self.env.parse(source)):
                if ref is None:
                    raise LeafletError(f"{name}: templates must import or include other templates "
                                       "by a literal name, so the build can track what depends on them")
                files |= self.template_files(ref)
            self._template_files[name] = frozenset(files)
        return self._template_files[name]

    def html(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, qr: dict[str, str],
             stylesheets: tuple[str, ...] = (), notes_page: bool = True) -> str:
        """The document's HTML. `stylesheets` names the layout's sheets in it (for a plain
        `weasyprint` command); the renderer passes them itself, parsed once. A leaflet holds two
        endings, a page of notes and an unheaded back page, then the headed back page, and the
        renderer keeps the one that makes the page count even (see weasy/evenpages.py);
        `notes_page=False` leaves out the first (for WeasyPrint without the hook)."""
        with self.bound(doc):
            return half_width_pairs(self.env.get_template(edition.template).render(
                doc=doc, c=doc.content, clinic=clinic, meta=doc.content.meta, edition=edition, qr=qr,
                english=doc.english, stylesheets=stylesheets, notes_page=notes_page, notes_flow=self.notes_flow))

    def page_counter(self, doc: LocalizedDocument) -> str:
        """The running footer's "Page 2 of 6", translated, with the counters as markers."""
        with self.bound(doc):
            module = self.env.get_template("_page_strings.html.j2").make_module({"doc": doc})
            page_of = module.page_of  # type: ignore[attr-defined]  # a macro of the template
            return Markup(str(page_of(_PAGE, _PAGES))).striptags()

    def margin_rules(self, edition: Edition, doc: LocalizedDocument, paper: Paper) -> list[str]:
        """The leaflets' page margins, sized to what the language writes there. A margin box
        cannot shrink its text or grow inwards: a wrapped line runs into the printer's
        unprintable edge (a long Tamil status line at the top, a Somali date line at the foot).
        So, measured with the fonts' advance widths: the page counter's box is as wide as its
        text in two-digit numbers (at least 32mm), and the status line at the top and the
        document's lines at the foot are set smaller where they would not fit on one line, never
        below MARGIN_MIN_PT."""
        fonts = coverage(self.dir, doc.locale)
        # The margins' texts in the document's script are set --script-size larger (leaflet.css).
        scale = script_settings(choose_fonts(self.dir, doc.locale).script).size
        sizes = {name: size * scale for name, size in edition.margin_pt.items()}
        counter = self.page_counter(doc)
        numbers = counter.replace(_PAGE, doc.info.digits[8] * 2).replace(_PAGES, doc.info.digits[8] * 2)
        counter_ems = fonts.width_em(numbers, bold=False) + 0.3
        counter_mm = max(32.0, counter_ems * sizes["counter"] / PT_PER_MM)
        lines = []
        if doc.review.is_draft:
            message = ("Draft: not yet reviewed by a qualified clinician." if doc.locale == SOURCE_LOCALE else
                       "Draft: the English original is not yet reviewed by a qualified clinician."
                       if doc.review.draft_of == "source" else
                       "Draft translation: not yet reviewed by a qualified medical translator.")
            ems = fonts.width_em(str(doc.gettext("status", message)))  # bold, as it is set
            lines.append((".running-draft .line:first-child", ems, sizes["draft"], paper.width_mm - MARGINS_MM))
        info_mm = paper.width_mm - MARGINS_MM - counter_mm
        meta = doc.content.meta
        version = _filled(doc.gettext("footer", "Version %(version)s"), version=meta.version)
        dates = _filled(doc.gettext("footer", "Published %(published)s, review due %(review_due)s"),
                        published=doc.published, review_due=doc.review_due)
        lines.append((".running-info .line:first-child", fonts.width_em(f"{meta.id} · {version}", bold=False),
                      sizes["info"], info_mm))
        lines.append((".running-info .line:last-child", fonts.width_em(dates, bold=False), sizes["info"], info_mm))
        rules = [f"@page {{ @bottom-{'left' if doc.direction == 'rtl' else 'right'} {{ width: {counter_mm:.1f}mm; }} }}"]
        for selector, ems, nominal, room_mm in lines:
            if ems * nominal / PT_PER_MM > room_mm:
                rules.append(f"{selector} {{ font-size: {max(MARGIN_MIN_PT, room_mm / ems * PT_PER_MM):.1f}pt; }}")
        return rules

    def address_widths(self, doc: LocalizedDocument, clinic: Clinic) -> str:
        """The widths of the web addresses the layouts print, in ems of their (Latin) font, as
        CSS custom properties: --url-ems for the QR code's address (regular), --web-ems and
        --web-bold-ems for the clinic's website. The layouts set each on one line at the size
        that line holds (common.css `.qr-url`, poster.css `.web`): no CSS can measure a text."""
        latin = coverage(self.dir, SOURCE_LOCALE)
        url = clinic.page_url(doc.locale, doc.lang_tag, doc.id)
        ems = {"url": latin.width_em(url, bold=False), "web": latin.width_em(clinic.website, bold=False),
               "web-bold": latin.width_em(clinic.website, bold=True)}
        return ":root { " + " ".join(f"--{name}-ems: {max(1.0, value * WIDTH_MARGIN):.2f};"
                                     for name, value in ems.items()) + " }"

    def page_css(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, paper: Paper,
                 body_pt: float | None = None, headline_pt: float | None = None) -> str:
        """Per-document CSS built in Python (never through Jinja, which would escape it)."""
        choice = choose_fonts(self.dir, doc.locale, doc.locale)
        latin = choose_fonts(self.dir, SOURCE_LOCALE)
        families = ", ".join(css_string(f.family) for f in choice.stack)
        latin_first = ", ".join(css_string(f.family) for f in dict.fromkeys((*latin.stack, *choice.stack)))
        start, end = ("right", "left") if doc.direction == "rtl" else ("left", "right")
        rules = [
            ":root {",
            f"  --primary: {clinic.colour('primary')};",
            f"  --accent: {clinic.colour('accent')};",
            f"  --tint: {clinic.colour('tint')};",
            f"  font-family: {families};",
            "}",
            # English (untranslated strings, the bilingual edition's English column) and web
            # addresses are set in the Latin font first, whatever the document's script.
            f'[lang="en"], .latin {{ font-family: {latin_first}; }}',
            # User stylesheet: below the layouts' own rules, so what must win is !important.
            f"@page {{ size: {paper.width_mm:g}mm {paper.height_mm:g}mm !important; font-family: {families}; }}",
            *script_rules(edition, script_settings(choice.script), script_settings(latin.script)),
        ]
        style = ""
        if doc.info.digits != ASCII_DIGITS:
            # Page and list numbers in the digits the language writes by default (as its dates);
            # the English column of a bilingual leaflet keeps 0-9.
            style = DIGITS_STYLE
            symbols = " ".join(css_string(d) for d in doc.info.digits)
            rules += [f"@counter-style {style} {{ system: numeric; symbols: {symbols}; }}",
                      f'ol > li::before {{ content: counter(list-item, {style}) "."; }}',
                      '.col-en ol > li::before { content: counter(list-item) "."; }']
        rules.append(self.address_widths(doc, clinic))
        if body_pt:
            rules.append(f"html {{ font-size: {body_pt:g}pt !important; }}")
            rules.append(f":root {{ --rem: {body_pt:g}pt; }}")  # the root size, for sizes in CSS math
        if headline_pt:
            rules.append(f"main h1 {{ font-size: {headline_pt:g}pt !important; }}")
        if self.space != 1:
            rules.append(f":root {{ --space: {self.space:g}; }}")  # leaflet.css: space between blocks
        if not edition.is_poster:
            # The draft line and the document line are HTML moved into the margins (running
            # elements: _macros.running_texts, leaflet.css): each line keeps its own language and
            # font, which a margin box's single font list cannot. The page counter stays a string.
            counter = self.page_counter(doc)
            rules += [
                f"@page {{ @bottom-{end} {{ content: {css_content(counter, style)}; }}",
                f"        @bottom-{start} {{ content: element(docinfo); }} }}",
                *self.margin_rules(edition, doc, paper),
            ]
        return "\n".join(rules) + "\n"
