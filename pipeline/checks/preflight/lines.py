"""Line-break checks on the laid-out lines (see boxes.py for the page model and the rest).

- Chinese: no line break inside a word (jieba with the document's lexicon, as the renderer
  segments: pipeline/i18n/segment.py), nor, by jieba's guess, inside a word nobody listed
  (cosmetic); no last line of a single character (Japanese and Burmese too).
- Headlines: no line of one short word where moving a word down would have filled it.
- Hyphenation: none on posters and in large print; in running text few, and never a fragment
  of fewer than three letters ("mé-/decin").
- Fonts: the punctuation and digits of a Latin phrase are drawn in the Latin phrase's font
  (not in the Naskh of the Arabic around it).
- Addresses: a web or e-mail address or a phone number is never broken across lines (a reader
  types what they see: a hyphen at a line's end reads as a hyphenation, and is left out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex
from fontTools import unicodedata as font_unicodedata

from ...i18n import segment
from ...i18n.scripts import script_settings
from ...render.laidout import HEADINGS, Line, Page, room, snippet, text_width
from ...render.widows import spares_a_word
from . import PageFinding
from .inks import font_runs

#: Running text may hyphenate at most this share of its lines on a page. Patient leaflets aim
#: for none: a broken word is harder to read for the weak readers they are written for (RNIB's
#: clear print guidance: avoid it; plain-language guides agree). Full-width lines here are not
#: hyphenated at all; a narrow column (table cells, the bilingual columns of some 40
#: characters) needs a hyphen for a long word now and then, or its right edge turns ragged
#: enough to read badly: one line in ten is the most that is still "few".
HYPHEN_SHARE = 1 / 10
#: Only pages with this many lines of running text are held to the share (one hyphen on a page
#: of six lines is not "heavy").
HYPHEN_MIN_LINES = 12
#: ... and any page may have this many (two long words on a page of twenty lines are fine).
HYPHEN_ALLOWANCE = 2
#: Neither part of a hyphenated word may be shorter than this (letters): "mé-" stalls the reader.
HYPHEN_MIN_FRAGMENT = 3
#: A headline's line of one word narrower than this share of the measure is "short".
SHORT_WORD_SHARE = 0.25

#: Scripts written right to left: there, the neutral characters of a Latin phrase (punctuation,
#: digits) take the direction and so the font of the text around them. (Devanagari and Tamil
#: Noto fonts draw ASCII punctuation in Noto Sans's own design, so they are not checked.)
RTL_SCRIPTS = frozenset({"Arab", "Aran", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})
LATIN_LETTER = regex.compile(r"\p{Latin}")
ASCII_NEUTRAL = regex.compile(r"^[\s!-/:-@\[-`{-~0-9]+$")
LETTER = regex.compile(r"\p{L}")
PUNCT_OR_DIGIT = regex.compile(r"[\p{P}\p{Nd}]")


def check_lines(pages: list[Page], *, edition, script: str, language: str,
                hyphen_share: float | None = None, names: tuple[str, ...] = (),
                dates: tuple[str, ...] = (), words: tuple[str, ...] = ()) -> list[PageFinding]:
    """All line-break findings of one laid-out document; `names` are never hyphenated
    (LocalizedDocument.names: medicines, brands, people), `dates` never split over two lines,
    `words` is its lexicon (segment.lexicon)."""
    body = [line for page in pages for line in page.lines if not line.margin and line.texts]
    paragraphs: dict = defaultdict(list)
    for line in body:
        paragraphs[line.element].append(line)
    findings: list[PageFinding] = []
    if script_settings(script).breaks == "han-words":  # Japanese breaks inside words, as it may
        findings += cjk_words(paragraphs, words)
    findings += cjk_last_lines(paragraphs)
    findings += split_phrases(paragraphs, dates)
    findings += split_phrases(paragraphs, tuple(w for w in words if " " in w), listed=True)
    findings += headline_lines(paragraphs)
    no_hyphens = bool(getattr(edition, "is_poster", False) or getattr(edition, "large_print", False))
    findings += hyphenation(pages, no_hyphens, HYPHEN_SHARE if hyphen_share is None else hyphen_share, names,
                            columns=getattr(edition, "layout", None) == "bilingual")
    named = segment.names_pattern(names)
    if named is not None:
        findings += _broken_names(paragraphs, named)
    findings += hyphen_breaks(paragraphs, no_hyphens)
    findings += early_breaks(paragraphs, pages, no_hyphens, words, dates)
    findings += last_words(paragraphs, pages, bool(getattr(edition, "is_poster", False)))
    findings += lone_lines(paragraphs, pages, bool(getattr(edition, "is_poster", False)))
    findings += separators(paragraphs)
    if script in RTL_SCRIPTS:
        findings += punctuation_fonts(pages)
        findings += latin_order(body)
    findings += script_sizes(pages, script, fitted_headline=bool(getattr(edition, "is_poster", False)))
    findings += contact_breaks(paragraphs)
    return findings


def _finding(severity: str, check: str, page: int, message: str) -> PageFinding:
    return PageFinding(severity, check, page + 1, message)


def _plain(text: str) -> str:
    return text.replace(segment.WJ, "").replace(segment.ZWSP, "")


def cjk_words(paragraphs: dict, words: tuple[str, ...] = ()) -> list[PageFinding]:
    """A line break in Chinese falls between two words: jieba's, with the document's lexicon
    (a word of the lexicon is whole whatever its script: A型肉毒毒素). Where the dictionary
    knows neither side, jieba's guess of an unknown word (segment.unknown_words) is used, as a
    cosmetic finding: a term nobody listed yet."""
    findings = []
    for lines in paragraphs.values():
        if len(lines) < 2 or not any(segment.HAN_RUN.search(line.text) for line in lines):
            continue
        texts = [_plain(line.text) for line in lines]
        whole = "".join(texts)
        inside = segment.kept_together(whole, words)
        unknown = [(run.start() + start, run.start() + end) for run in segment.HAN_RUN.finditer(whole)
                   for start, end in segment.unknown_words(run.group(), words)]
        offset = 0
        for index in range(len(lines) - 1):
            offset += len(texts[index])
            where = snippet(texts[index][-8:] + " / " + texts[index + 1][:8])
            if offset in inside:
                findings.append(_finding(
                    "functional", "line-breaks", lines[index + 1].page,
                    f"the line break in {where} cuts the word {_quoted(_word_at(whole, offset, words))}; Chinese text "
                    "must be segmented into words before wrapping (pipeline/i18n/segment.py joins each word's "
                    "characters, and the words of the locale's catalog, terminology list and words.txt)"))
            elif any(start < offset < end for start, end in unknown):
                word = next(whole[start:end] for start, end in unknown if start < offset < end)
                findings.append(_finding(
                    "cosmetic", "line-breaks", lines[index + 1].page,
                    f"the line break in {where} may cut “{word}”, a word jieba's dictionary does not know; "
                    "if it is one word (a medical term, a name), add it to locales/<locale>/words.txt"))
    return findings


def _quoted(word: str) -> str:
    return word if word[:1] in "“‘「『《〈" else f"“{word}”"


def _word_at(text: str, offset: int, words: tuple[str, ...] = ()) -> str:
    """The word a break at `offset` cuts: the longest lexicon word or quoted term around it,
    else jieba's."""
    spans = [(start, end) for start, end in (*segment.lexicon_spans(text, words), *segment.quoted_spans(text))
             if start < offset < end]
    if spans:
        start, end = max(spans, key=lambda span: span[1] - span[0])
        return text[start:end]
    for match in segment.HAN_RUN.finditer(text):
        if match.start() < offset < match.end():
            position = match.start()
            for word in segment.han_words(match.group(), words):
                if position < offset < position + len(word):
                    return word
                position += len(word)
    return "?"


def cjk_last_lines(paragraphs: dict) -> list[PageFinding]:
    """A Chinese paragraph never ends with a line of one character (plus punctuation)."""
    findings = []
    for lines in paragraphs.values():
        if len(lines) < 2:
            continue
        last = regex.sub(r"[\p{P}\s]", "", _plain(lines[-1].text))
        if len(segment.graphemes(last)) == 1 and segment.is_no_space(last):
            findings.append(_finding(
                "functional", "line-breaks", lines[-1].page,
                f"the paragraph {snippet(lines[0].text, 24)} ends with a line of one character "
                f"({snippet(lines[-1].text)}); keep its last two characters together "
                "(pipeline/segment.keep_end)"))
    return findings


def headline_lines(paragraphs: dict) -> list[PageFinding]:
    """A heading's line (after its first) holding one short word, where the line before has
    words to spare and its last word would fit beside it: a better break exists."""
    findings = []
    for lines in paragraphs.values():
        if len(lines) < 2 or not _headline(lines[0]):
            continue
        for line in lines[:-1]:
            words = _words(line.text)
            last = words[-1] if words else ""
            if len(words) > 1 and LETTER.match(last) and len(segment.graphemes(last)) <= 2 \
                    and not segment.INDIC.search(last) and not segment.HAN_RUN.search(last):
                findings.append(_finding(
                    "functional", "line-breaks", line.page,
                    f"the headline line {snippet(line.text)} ends with the short word “{last}”, which belongs "
                    "with the next line; join short words to the next (pipeline/segment.join_short_words)"))
        for previous, line in zip(lines, lines[1:]):
            if previous.page != line.page:
                continue
            words = _words(line.text)
            before = _words(previous.text)
            measure = line.measure[1] - line.measure[0]
            width = line.rect[2] - line.rect[0]
            if len(words) != 1 or len(before) < 2 or measure <= 0 or not _short(words[0], width, measure):
                continue
            previous_width = previous.rect[2] - previous.rect[0]
            moved = previous_width * len(before[-1]) / max(1, len(_plain(previous.text)))
            if width + moved + 0.3 * line.texts[0].style["font_size"] <= measure:
                findings.append(_finding(
                    "functional", "line-breaks", line.page,
                    f"the heading {snippet(previous.text + ' ' + line.text)} leaves {snippet(line.text)} alone "
                    f"on a line while “{before[-1]}” could join it; keep a headline's last words together "
                    "(pipeline/segment.keep_end joins them with a no-break space)"))
    return findings


#: Display text that is not a heading element: a title's subtitle.
DISPLAY_CLASSES = frozenset({"subtitle"})


def _headline(line: Line) -> bool:
    if line.heading is not None and line.heading.tag in HEADINGS:
        return True
    para = line.para
    return para is not None and bool(DISPLAY_CLASSES & set((para.get("class") or "").split()))


def _short(word: str, width: float, measure: float) -> bool:
    """A word short enough that a line of it alone looks stranded: narrow against the measure,
    or no longer than what keep_end joins to the word before (7 letters; 4 Indic clusters;
    a Chinese word of one or two characters)."""
    if width <= SHORT_WORD_SHARE * measure:
        return True
    clusters = len(segment.graphemes(word))
    if segment.HAN_RUN.search(word):
        return clusters <= 2
    return clusters <= segment.JOIN_LIMITS["indic" if segment.INDIC.search(word) else "alphabet"][0]


def _words(text: str) -> list[str]:
    text = _plain(text).strip()
    if segment.HAN_RUN.search(text):
        words: list[str] = []
        for piece in regex.split(r"(\p{Han}+)", text):
            if segment.HAN_RUN.fullmatch(piece):
                words += segment.han_words(piece)
            else:
                words += [w for w in regex.split(r"[\s\p{P}]+", piece) if w]
        return words
    return [w for w in regex.split(r"[\s\u00a0]+", text) if LETTER.search(w)]


def hyphenation(pages: list[Page], forbidden: bool, share: float, names: tuple[str, ...] = (),
                columns: bool = False) -> list[PageFinding]:
    """Posters and large print never hyphenate; nor does a heading (a table's group heading
    "Bloquants neuromusculaires (médica-/ments…)" in the bilingual's narrow cell), nor, with
    `columns`, the bilingual's running text (reviewers found its French 28 hyphenated line ends
    over 14 pages hard going for a reader in a second language). Elsewhere running text
    hyphenates at most `share` of a page's lines, never leaves fewer than HYPHEN_MIN_FRAGMENT
    letters on either side, and never splits a name ("predni-/sone", "Hunt-/ington's": a reader
    takes the halves for two words and cannot look the medicine up)."""
    findings = []
    named = segment.names_pattern(names)
    for page in pages:
        running = [line for line in page.lines if not line.margin and line.heading is None and line.texts]
        everything = [line for line in page.lines if not line.margin and line.texts]
        hyphenated = [line for line in everything if line.hyphenated]
        if forbidden:
            for line in hyphenated:
                findings.append(_finding(
                    "functional", "line-breaks", page.number,
                    f"the line {snippet(line.text[-30:])} is hyphenated; posters and large print never "
                    "hyphenate (hyphens: manual in layouts/)"))
            continue
        for line in hyphenated:
            tag = getattr(line.para, "tag", None)
            if line.heading is not None or tag == "th":
                findings.append(_finding(
                    "functional", "line-breaks", page.number,
                    f"the heading line {snippet(line.text[-30:])} is hyphenated; headings are never hyphenated "
                    "(hyphens: manual in layouts/)"))
            elif columns and tag in ("p", "li"):
                findings.append(_finding(
                    "functional", "line-breaks", page.number,
                    f"the line {snippet(line.text[-30:])} of the bilingual's running text is hyphenated; its "
                    "columns are set ragged, never hyphenated (layouts/bilingual.css)"))
        for line in hyphenated:
            follower = _next_line(page, line, pages)
            head = LETTER.findall(_plain(line.text).rsplit(" ", 1)[-1])
            tail = LETTER.findall(_plain(follower.text).split(" ", 1)[0]) if follower else []
            if named is not None and follower is not None:
                word = _plain(line.text).rsplit(None, 1)[-1].rstrip("-\u2010\u00ad") + _plain(follower.text).split(None, 1)[0]
                name = named.search(word)
                if name:
                    findings.append(_finding(
                        "functional", "line-breaks", page.number,
                        f"the name {snippet(name.group())} is hyphenated at the end of the line "
                        f"{snippet(line.text[-30:])}; names of medicines and people are printed whole: the layouts "
                        "mark them <span class=\"name\"> (LocalizedDocument.names), which common.css never hyphenates"))
                    continue
            if min(len(head), len(tail) if follower else HYPHEN_MIN_FRAGMENT) < HYPHEN_MIN_FRAGMENT:
                findings.append(_finding(
                    "functional", "line-breaks", page.number,
                    f"the word split {snippet(''.join(head) + '- / ' + ''.join(tail))} leaves fewer than "
                    f"{HYPHEN_MIN_FRAGMENT} letters on one side; set hyphenate-limit-chars in layouts/"))
        counted = [line for line in running if line.hyphenated]
        if len(running) >= HYPHEN_MIN_LINES and len(counted) > max(HYPHEN_ALLOWANCE, share * len(running)):
            findings.append(_finding(
                "functional", "line-breaks", page.number,
                f"{len(counted)} of {len(running)} lines of running text end in a hyphen "
                f"({len(counted) / len(running):.0%}; the limit is {share:.0%}), e.g. "
                f"{snippet(counted[0].text[-24:])}; hyphenate only long words (hyphenate-limit-chars in layouts/)"))
    return findings


def _broken_names(paragraphs: dict, named: regex.Pattern) -> list[PageFinding]:
    """A name broken inside a word with no hyphen: a cell's `overflow-wrap: anywhere` breaks a
    word too long for it wherever it must ("Celeston" / "e" in a trial of the bilingual's table).
    Found where a name runs across the end of a line into the next line of the same text, read
    with nothing between (a name of two words may break at its space: "Apollo" / "Hospitals")."""
    findings = []
    for lines in paragraphs.values():
        for line, follower in zip(lines, lines[1:]):
            left, right = _plain(line.text).rstrip(), _plain(follower.text).lstrip()
            if line.hyphenated or not left or not right:
                continue
            head = left.rsplit(None, 1)[-1]
            for name in named.finditer(head + right.split(None, 1)[0]):
                if name.start() < len(head) < name.end():
                    findings.append(_finding(
                        "functional", "line-breaks", line.page,
                        f"the name {snippet(name.group())} is broken without a hyphen at the end of the line "
                        f"{snippet(line.text[-30:])}; names are printed whole: widen the column it stands in, or "
                        "let its cell wrap only at spaces (overflow-wrap in layouts/)"))
    return findings


def hyphen_breaks(paragraphs: dict, whole_edition: bool) -> list[PageFinding]:
    """A heading, a poster and large print keep a word written with a hyphen on one line: the
    French large print broke "contracte-t-/il" in a heading, which reads as a hyphenated word.
    Not between two Chinese characters (眼阵挛-/肌阵挛): Chinese hyphenates no word, so a hyphen at
    a line's end cannot read as one, and a line may break after it (render/html.py)."""
    findings = []
    for lines in paragraphs.values():
        for upper, lower in zip(lines, lines[1:]):
            if upper.hyphenated or not (whole_edition or _headline(upper)):
                continue
            above, below = _plain(upper.text).rstrip(), _plain(lower.text).lstrip()
            if segment.is_no_space(above[-2:-1]) and segment.is_no_space(below[:1]):
                continue  # 眼阵挛-/肌阵挛: Chinese hyphenates nothing, so a line may break after a hyphen there
            if len(above) > 1 and above[-1] in "-\u2010" and LETTER.match(above[-2]) and below[:1] and LETTER.match(below[0]):
                word = above.rsplit(None, 1)[-1] + below.split(None, 1)[0]
                findings.append(_finding(
                    "functional", "line-breaks", lower.page,
                    f"the line breaks {snippet(word)} at its hyphen; headings, posters and large print keep such "
                    "a word on one line (render/html.py joins it with a word joiner after each hyphen)"))
    return findings


#: In text without spaces (Chinese), a line of running text that ends this many ems (characters)
#: short of its column while what starts the next line would fit is functional: see early_breaks.
NO_SPACE_GAP = 4.0


def early_breaks(paragraphs: dict, pages: list[Page], whole_edition: bool, words: tuple[str, ...] = (),
                 dates: tuple[str, ...] = ()) -> list[PageFinding]:
    """A line that ends while the first word of the next would fit on it: the French large
    print set "Pourquoi" alone on a heading's first line and "un muscle se contracte-t-il tout
    seul ?" below (WeasyPrint breaks before the text ahead of a `white-space: nowrap` box it
    cannot fit). A line beside a float (the poster's QR code) has the room the float leaves.

    In text without spaces (Chinese) the first "word" is not up to a space: it is what the next
    line holds up to the first place the text's own rules let a line break (_first_unit): its
    words kept whole (jieba's with the lexicon, a quoted term, a date, the last two characters:
    segment.kept_together, `words`, `dates`, segment.keep_end), closing marks kept off a line's
    start (Pango's rules), and a break beside a quotation mark between Chinese characters
    allowed (Unicode 15.1; segment.quote_breaks). Where that fits, something kept more than a
    word together: word joiners beyond a word, a box that does not wrap, or Pango 1.50's rule
    that a line never breaks beside “ ”: the Chinese large print ended "医生把肌肉跳动" four
    characters short, as 称为“肌束颤动”。 could only move down whole.

    Functional in headings, posters and large print, cosmetic in running text, where a ragged
    right is how the text is set and a line one word short reads as any other. Except in text
    without spaces: Chinese is set solid, every line but a paragraph's last runs to its column
    within a character or two (a closing mark that may not start a line, a word that did not
    fit), so a gap of NO_SPACE_GAP characters or more inside a paragraph reads as its end, or
    as text left out; the reviewers called it a defect. That is functional in running text too."""
    findings = []
    for lines, source, wraps in _wrapped(paragraphs):
        for _, start, lower in wraps:
            index = lines.index(lower)
            upper = lines[index - 1]
            if upper.page != lower.page or upper.hyphenated or not upper.texts or not lower.texts:
                continue
            below = _normal(lower.text).strip(" ")
            unit = regex.match(r"[^ ]+", source[start:])  # up to the next space
            if unit is None:
                continue
            free = _free(upper, pages)
            em = upper.texts[-1].style["font_size"]
            strong = whole_edition or _headline(upper)
            if segment.NO_SPACE_CHAR.search(unit.group()):  # not a word: up to where a line may break
                word, glued, width = _first_unit(lines, index, words, dates)
                if not word or free <= 0 or width > free:
                    continue
                strong = strong or free / em >= NO_SPACE_GAP
                findings.append(_finding(
                    "functional" if strong else "cosmetic", "line-breaks", lower.page,
                    f"the line {snippet(_plain(upper.text).strip()[-24:])} ends {free / em:.1f} em short of its "
                    f"column, and {snippet(word)}, which begins the next line, would fit on it; {glued}"))
                continue
            word = unit.group()
            if not below.startswith(word) or free <= 0 or text_width(" " + word, lower.texts[0].style) > free:
                continue
            findings.append(_finding(
                "functional" if strong else "cosmetic", "line-breaks", lower.page,
                f"the line {snippet(_plain(upper.text).strip()[-40:])} ends {free / em:.1f} em short of its column, and "
                f"“{word}”, which begins the next line, would fit on it; a box that does not wrap "
                "(white-space: nowrap) makes WeasyPrint break before the text ahead of it: keep words whole with "
                "joiners instead (pipeline/render/html.py)"))
    return findings


def _free(upper: Line, pages: list[Page]) -> float:
    """What the line `upper` leaves free of where it may run (px: render.laidout.room), less its text."""
    left, right = room(upper, pages)
    upper_left, _, upper_right, _ = upper.rect_of_texts()
    return (right - left) - (upper_right - upper_left)


def _kept(text: str, words: tuple[str, ...], dates: tuple[str, ...]) -> set[int]:
    """Offsets in a paragraph's `text` (without joiners) where the layout rightly keeps a line
    from breaking: inside a word (segment.kept_together), inside a date, between the last two
    characters of text without spaces (segment.keep_end)."""
    inside = segment.kept_together(text, words)
    for date in dates:
        plain = _plain(date)
        for match in regex.finditer(regex.escape(plain).replace("\\ ", "[ \u00a0]"), text):
            inside.update(range(match.start() + 1, match.end()))
    body = regex.sub(r"[\p{P}\s]+$", "", text)
    if len(body) > 1 and segment.is_no_space(body[-1]) and segment.is_no_space(body[-2]):
        inside.add(len(body) - 1)
    return inside


def _raw_offset(raw: str, count: int) -> int:
    """Where in `raw` (a text with joiners) the first `count` characters of its text without them end."""
    seen = 0
    for position, char in enumerate(raw):
        if seen == count:
            return position
        seen += char not in (segment.WJ, segment.ZWSP)
    return len(raw)


def _first_unit(lines: list[Line], index: int, words: tuple[str, ...] = (),
                dates: tuple[str, ...] = ()) -> tuple[str, str, float]:
    """What begins `lines[index]` up to the first place a line may break, by the rules of text
    without spaces (see early_breaks), as (that text, what kept it from the line before, its
    width in px set in the line's own styles); ("", "", 0) when it runs past the line.

    The places are found in the paragraph's text without its joiners: Pango's line breaks
    (pango_get_log_attrs: closing marks never start a line), and the breaks beside quotation
    marks (segment.quote_breaks), less the places the layout keeps together (_kept). What
    kept the unit from the line is then read from the text as laid out, joiners and all."""
    from weasyprint.text.line_break import get_log_attrs

    lower = lines[index]
    texts = [_plain(line.text) for line in lines]
    whole = "".join(texts)
    at = sum(len(text) for text in texts[:index])
    language = lower.lang or None
    attrs = get_log_attrs(whole, language)
    kept = _kept(whole, words, dates)
    offered = set(segment.quote_breaks(whole))
    end = next((i for i in range(at + 1, len(whole) + 1)
                if (attrs[i].is_line_break or i in offered) and i not in kept), None)
    if end is None or end > at + len(texts[index]):
        return "", "", 0.0
    width, left = 0.0, end - at
    for box in lower.texts:  # each part in its own box's style (a bold word, a span in Latin)
        cut = _raw_offset(box.text, left)
        left -= len(_plain(box.text[:cut]))
        if _plain(box.text[:cut]).strip():
            width += text_width(box.text[:cut], box.style)
        if left <= 0:
            break
    word = whole[at:end].strip()
    # What the layout did there: Pango, reading the text as laid out (joiners and all), from
    # this line on.
    laid = lower.text + (lines[index + 1].text if index + 1 < len(lines) else "")
    raw_attrs = get_log_attrs(laid, language)
    raw_end = next((i for i in range(1, len(laid) + 1) if raw_attrs[i].is_line_break), len(laid))
    moved = _plain(laid[:raw_end]).strip()
    if len(moved) <= len(word):
        why = ("nothing in the text keeps it from the line: a box that does not wrap (white-space: nowrap) makes "
               "WeasyPrint break before the text ahead of it (pipeline/render/html.py)")
    else:
        position = _raw_offset(laid, end - at)
        joined = segment.WJ in laid[max(0, position - 1):position + 1]
        if joined:
            why = (f"word joiners keep it with what follows ({snippet(moved, 24)} moved down whole), more than "
                   "a word: join only a word's characters (pipeline/i18n/segment.py, kept_together)")
        else:
            why = (f"Pango keeps it with what follows ({snippet(moved, 24)} moved down whole): Pango 1.50 never "
                   "breaks beside a quotation mark “ ” (Unicode before 15.1, UAX #14 LB19); Chinese typesetting "
                   "does: offer the break with a zero-width space (pipeline/i18n/segment.py, quote_breaks)")
    return word, why, width


#: The words of a line, for counting them: runs between spaces (no-break ones too) holding a
#: letter or a digit ("?" after a no-break space is no word, "8" is).
WORD_TOKEN = regex.compile(r"[\p{L}\p{N}]")


def last_words(paragraphs: dict, pages: list[Page], poster: bool) -> list[PageFinding]:
    """A heading (any edition) or any text of a poster (display text: its headline, list, draft
    notice, QR caption) whose last line holds a single word, where the line before has words to
    spare and its last would fit beside that word: "Que sont les contractions musculaires /
    involontaires ?", "…by a qualified medical / translator.". A typesetter never leaves a
    display line's last word alone (a "widow"): the line reads as an afterthought and the block
    looks broken. Cosmetic: every word is there and reads in order. Texts without spaces
    (Chinese) are held to one character instead (cjk_last_lines); a last word too long to share
    a line with the word before cannot be helped."""
    findings = []
    for lines in paragraphs.values():
        if len(lines) < 2:
            continue
        upper, lower = lines[-2], lines[-1]
        if upper.page != lower.page or upper.hyphenated or not (poster or _headline(upper)):
            continue
        below = _plain(lower.text).strip()
        if segment.HAN_RUN.search(below) or len([w for w in below.split() if WORD_TOKEN.search(w)]) != 1 \
                or not LETTER.search(below):
            continue
        units = _plain(upper.text).strip().split(" ")  # where the upper line may break (not at a no-break space)
        if not spares_a_word(len(units), len(lines)) or not WORD_TOKEN.search(units[-1]):
            continue
        left, right = room(lower, pages)
        lower_left, _, lower_right, _ = lower.rect_of_texts()
        needed = (lower_right - lower_left) + text_width(units[-1] + " ", upper.texts[-1].style)
        if needed > right - left:
            continue
        findings.append(_finding(
            "cosmetic", "line-breaks", lower.page,
            f"the text {snippet(_plain(lines[0].text), 30)} ends with {snippet(below)} alone on its last line, "
            f"while “{units[-1]}” from the line before would fit beside it; keep a heading's or a poster text's "
            "last two words together (pipeline/i18n/segment.keep_end joins them with a no-break space where the "
            "pair fits the column)"))
    return findings


def lone_lines(paragraphs: dict, pages: list[Page], poster: bool) -> list[PageFinding]:
    """A line inside a heading or a poster text (neither its first nor its last) holding one
    word between lines of several, where a better break exists (the word would fit at the end of
    the line before, or the next line's first unit beside it): the Tamil tabloid poster printed
    "குறைந்தது 6-8 மணி / நேர / இடைவிடாத தூக்கம்" ("at least 6-8 hours / of / undisturbed
    sleep"), its last two words joined so they would not end alone, which left the word before
    them alone instead. A display line of one word in the middle of a text reads as a stray
    fragment. Texts without spaces (Chinese) are left out; a word too long to share a line is
    not a fault (the Spanish tabloid headline's "musculares" at its size floor)."""
    findings = []
    for lines in paragraphs.values():
        if len(lines) < 3 or not (poster or _headline(lines[0])):
            continue
        for before, line, after in zip(lines, lines[1:], lines[2:]):
            words = [w for w in _plain(line.text).split() if WORD_TOKEN.search(w)]
            if len(words) != 1 or segment.HAN_RUN.search(line.text) or len(_plain(before.text).split()) < 2 \
                    or len(_plain(after.text).split()) < 2 or not before.page == line.page == after.page:
                continue
            left, right = room(line, pages)
            x0, _, x1, _ = line.rect_of_texts()
            style = line.texts[-1].style
            up = _plain(before.text).strip().split(" ")[-1]  # units: a no-break space joins
            down = _plain(after.text).strip().split(" ")[0]
            if min(text_width(up + " ", style), text_width(" " + down, style)) + (x1 - x0) > right - left:
                continue
            findings.append(_finding(
                "functional", "line-breaks", line.page,
                f"the text {snippet(_plain(lines[0].text), 30)} has the line “{words[0]}” alone between "
                f"{snippet(before.text[-24:])} and {snippet(after.text[:24])}, though a word beside it would "
                "fit; a display line of one word in the middle of a text reads as a stray fragment: join a "
                "text's last two words only where the word before keeps company (render/widows.py)"))
    return findings


#: Marks that separate items on one line ("source · id 1.0.0"): never at a line's end or start,
#: where they separate nothing (and at a start read as a list bullet). A list's bullet "•" is a
#: marker, not a separator.
SEPARATORS = "·"


def separators(paragraphs: dict) -> list[PageFinding]:
    """A separator ("·") left at the end of a line or at the start of the next: the posters'
    credit line printed "…verified by askapollo. · / muscle-twitching 1.0.0". Cosmetic: the text
    reads, with a stray mark (at a line's start, a mark read as a list's bullet). Keep it with
    the words on both sides (the layouts' `separator`: a word joiner after each space)."""
    findings = []
    for lines in paragraphs.values():
        for upper, lower in zip(lines, lines[1:]):
            above, below = _plain(upper.text).strip(), _plain(lower.text).strip()
            mark = above[-1:] if above[-1:] in SEPARATORS else below[:1] if below[:1] in SEPARATORS else ""
            if not mark or mark in (above, below):  # a line of the mark alone is a list's marker
                continue
            findings.append(_finding(
                "cosmetic", "line-breaks", lower.page,
                f"the separator “{mark}” stands at the {'end' if above.endswith(mark) else 'start'} of a line "
                f"({snippet(above[-24:])} / {snippet(below[:24])}); keep it with the words on both sides (a word "
                "joiner after each space around it: the layouts' `separator`, render/html.py)"))
    return findings


def split_phrases(paragraphs: dict, phrases: tuple[str, ...], listed: bool = False) -> list[PageFinding]:
    """A date is read as one thing: "Review due 26 / November 2027" makes the reader join the
    lines to find it (the back page's document details, in every edition). With `listed`, the
    `phrases` are the locale's words.txt's (segment.is_phrase), which its translator asked to
    keep on one line: a compound read as one word ("غير / ضار", harmless, in the Arabic poster's
    headline read "not / harmful")."""
    findings = []
    wanted = [" ".join(_plain(phrase).split()) for phrase in phrases if len(_plain(phrase)) > 1]
    # As whole words, as join_phrases finds it ("vitamina B" is not in "vitamina B1").
    as_words = {phrase: regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(phrase)}(?![\p{{L}}\p{{M}}\p{{N}}])")
                for phrase in wanted} if listed else {}
    for lines in paragraphs.values():
        for upper, lower in zip(lines, lines[1:]):
            above, below = " ".join(_plain(upper.text).split()), " ".join(_plain(lower.text).split())
            for phrase in wanted:
                joined = f"{above} {below}" if " " in phrase else above + below  # 2026年11月26日 has none
                if listed:
                    match = as_words[phrase].search(joined)
                    start = match.start() if match else -1
                else:
                    start = joined.find(phrase)
                if start == -1 or not start < len(above) < start + len(phrase):
                    continue
                split = f"({snippet(above[-20:])} / {snippet(below[:20])})"
                if listed:
                    findings.append(_finding(
                        "functional", "line-breaks", lower.page,
                        f"the phrase {snippet(phrase)} of the locale's words.txt is split over two lines {split}; "
                        "it is read as one word (segment.join_phrases keeps it on one line)"))
                else:
                    findings.append(_finding(
                        "cosmetic", "line-breaks", lower.page,
                        f"the date {snippet(phrase)} is split over two lines {split}; join its words with "
                        "no-break spaces (LocalizedDocument's dates)"))
    return findings


def _next_line(page: Page, line: Line, pages: list[Page]) -> Line | None:
    lines = [other for other in page.lines if other.element is line.element]
    index = lines.index(line)
    if index + 1 < len(lines):
        return lines[index + 1]
    if page.number + 1 < len(pages):
        return next((other for other in pages[page.number + 1].lines if other.element is line.element), None)
    return None


def latin_order(lines: list[Line]) -> list[PageFinding]:
    """In a right-to-left document, two Latin words side by side read left to right as the text
    has them: the Arabic bilingual printed "Hospitals Apollo" (each word in a span of its own,
    which WeasyPrint reordered as if they were Arabic). Found where the two words, read left to
    right, are not in the paragraph's text but the other way round are."""
    findings = []
    for line in lines:
        if line.para is None:
            continue
        source = " ".join(_plain("".join(line.para.itertext())).split())
        boxes = sorted((t for t in line.texts if LATIN_LETTER.search(t.text) and not _rtl(t.text)),
                       key=lambda t: t.position_x)
        for left, right in zip(boxes, boxes[1:]):
            between = [t for t in line.texts if left.position_x + left.width - 0.5 < t.position_x < right.position_x - 0.5
                       and t.text.strip()]
            if between:
                continue
            a, b = " ".join(_plain(left.text).split()), " ".join(_plain(right.text).split())
            if f"{a} {b}" not in source and f"{a}{b}" not in source and (f"{b} {a}" in source or f"{b}{a}" in source):
                findings.append(_finding(
                    "critical", "shaping", line.page,
                    f"the Latin words {snippet(b + ' ' + a)} print as {snippet(a + ' ' + b)}: left to right in the "
                    "wrong order inside right-to-left text; keep a Latin phrase in one inline box (no span inside "
                    "it) in layouts/ or render/html.py"))
    return findings


def _rtl(text: str) -> bool:
    return bool(segment.RTL_LETTER.search(text))


def punctuation_fonts(pages: list[Page]) -> list[PageFinding]:
    """In a phrase of Latin letters, punctuation and digits come from the letters' font: Pango
    takes a comma or a colon from the first font of the element's list that has it, so in Arabic
    text (Naskh first) the colon and full stop of an English phrase come out in Naskh."""
    findings = []
    seen = set()
    for page in pages:
        for line in page.lines:
            for box in line.texts:
                text = _plain(box.text)
                if not (LATIN_LETTER.search(text) and PUNCT_OR_DIGIT.search(text)):
                    continue
                runs = font_runs(box)
                letters = {family for family, part in runs if LATIN_LETTER.search(part)}
                for index, (family, part) in enumerate(runs):
                    if not ASCII_NEUTRAL.match(part) or not PUNCT_OR_DIGIT.search(part) or family in letters:
                        continue
                    neighbours = [runs[i][1] for i in (index - 1, index + 1) if 0 <= i < len(runs)]
                    if not any(LATIN_LETTER.search(n) for n in neighbours):
                        continue
                    key = (family, part.strip(), tuple(sorted(letters)))
                    if key in seen:
                        continue
                    seen.add(key)
                    findings.append(_finding(
                        "cosmetic", "fonts", page.number,
                        f"“{part.strip()}” in the Latin text {snippet(text, 40)} is drawn in {family}, its "
                        f"letters in {', '.join(sorted(letters))}; give the phrase the Latin font first "
                        "(lang=\"en\" or class=\"latin\" in layouts/)"))
    return findings


def _script_letters(script: str):
    """Whether a character is a letter of `script` (Aran, Nastaliq, is written in Arabic letters)."""
    unicode_script = {"Aran": "Arab", "Hans": "Hani", "Hant": "Hani"}.get(script, script)
    return lambda ch: ch.isalpha() and font_unicodedata.script(ch) == unicode_script


#: Classes the layouts give a block by its own text, not by what kind of text it is (the
#: bilingual's columns; a first list item kept with the next, by its length in each language).
OWN_CLASSES = frozenset({"col-en", "col-local", "keep-next", "untranslated"})


def _kinds(pages: list[Page]):  # type: ignore[no-untyped-def]
    """A function giving an element its kind of text: its tag and classes and those of every
    element around it, the bilingual's column left out, so a heading, a caption or a table cell
    of the English column and of the translation's are of one kind, as are the draft line's
    two lines in the running header."""
    root = pages[0].box.children[0].element if pages and pages[0].box.children else None
    parents = {child: parent for parent in root.iter() for child in parent} if root is not None else {}

    def kind(element) -> tuple:  # type: ignore[no-untyped-def]
        chain = []
        while element is not None and isinstance(getattr(element, "tag", None), str):
            classes = frozenset((element.get("class") or "").split()) - OWN_CLASSES
            chain.append((element.tag, tuple(sorted(classes))))
            element = parents.get(element)
        return tuple(chain[:-1])  # not <html>, whose class names the document's script
    return kind


def _sizes_by_kind(pages: list[Page], keep) -> dict:  # type: ignore[no-untyped-def]
    """The font sizes (as shares of the root font size, the layout's Latin body) of the text
    runs `keep(line, text)` takes, by kind of text (_kinds), with the page of each: posters fit
    their root size to the page, so sizes are compared as shares of it."""
    sizes: dict = defaultdict(list)
    if not pages or not pages[0].box.children:
        return sizes
    root = pages[0].box.children[0].style["font_size"]
    kind = _kinds(pages)
    for page in pages:
        for line in page.lines:
            if line.element is None:
                continue
            for text in line.texts:
                if keep(line, text):
                    sizes[kind(line.element)].append((text.style["font_size"] / root, page.number))
    return sizes


def _median(values: list) -> tuple:  # type: ignore[type-arg]
    return sorted(values)[len(values) // 2]


def script_sizes(pages: list[Page], script: str, latin: list[Page] | None = None,
                 fitted_headline: bool = False) -> list[PageFinding]:
    """Text in a script whose font draws its letters small for the em (scripts.yaml `size`:
    Noto Naskh Arabic's letter bodies are 0.35 em tall where Noto Sans's x-height is 0.55 em;
    set at the Latin size, Arabic readers found it one to two points smaller) is set that much
    larger than Latin text of the same kind: headings, captions, table cells and the small print
    as well as running text (the bilingual's Arabic table, caption and headings stood at the
    English column's sizes). Latin text of the same kind is found in the document itself (the
    bilingual's English column, the English line of the running header) and, if given, in
    `latin`: the same edition laid out in English. Running text is also held to the root font
    size (the layout's Latin body), measured over the whole document (the median run), so the
    small print of a closing page does not count. Latin letters inside the script's text (a
    medicine's English name) are set in the Latin font, deliberately, and are not measured;
    nor is a poster's headline with `fitted_headline` (typefit sizes it by its letters' height
    in mm, per script)."""
    findings: list[PageFinding] = []
    factor = script_settings(script).size
    if factor == 1 or not pages or not pages[0].box.children:
        return findings
    root = pages[0].box.children[0].style["font_size"]
    is_letter = _script_letters(script)
    is_latin = _script_letters("Latn")

    def own(line: Line, text) -> bool:  # type: ignore[no-untyped-def]
        return not line.lang.startswith("en") and sum(map(is_letter, text.text)) > len(text.text) / 2

    def english(line: Line, text) -> bool:  # type: ignore[no-untyped-def]
        return line.lang.startswith("en") and sum(map(is_latin, text.text)) > len(text.text) / 2

    sizes = sorted((t.style["font_size"], page.number) for page in pages for line in page.lines
                   if not line.margin and line.heading is None and line.para is not None
                   and line.para.tag in ("p", "li", "td")
                   for t in line.texts if own(line, t))
    if sizes:
        median, page = _median(sizes)
        if median < factor * root - 0.01:
            findings.append(_finding(
                "functional", "fonts", page,
                f"{script} running text is set at {median * 0.75:.1f}pt, the Latin body size "
                f"({root * 0.75:.1f}pt); its font reads about {factor:g} times smaller: set it at "
                f"{factor * root * 0.75:.1f}pt (size: {factor:g} in pipeline/i18n/scripts.yaml)"))
    ours = _sizes_by_kind(pages, own)
    theirs = _sizes_by_kind(pages, english)
    for kind, values in _sizes_by_kind(latin or [], english).items():
        theirs.setdefault(kind, values)
    small: dict = {}  # message -> pages: one finding per kind of text as a reader names it
    for kind in sorted(ours.keys() & theirs.keys()):
        if fitted_headline and kind[0][0] == "h1":
            continue
        share, page = _median(ours[kind])
        latin_share, _ = _median(theirs[kind])
        if share < factor * latin_share * 0.99:
            name = "<" + kind[0][0] + "".join(f".{c}" for c in kind[0][1]) + ">"
            inside = next(("." + c for _, classes in kind[1:] for c in classes if c not in ("col", "row", "whole")), "")
            small.setdefault(
                f"{script} text in {name}{' in ' + inside if inside else ''} is set at {share * root * 0.75:.1f}pt, "
                f"as Latin text of its kind ({latin_share * root * 0.75:.1f}pt); its font reads about {factor:g} "
                f"times smaller: set it at {factor * latin_share * root * 0.75:.1f}pt, the script's scale "
                f"(size: {factor:g} in pipeline/i18n/scripts.yaml; layouts/ multiply a size in pt by "
                "var(--script-size))", []).append(page)
    for message, pages_of in small.items():
        findings.append(_finding("functional", "fonts", min(pages_of), message))
    return findings


#: What a reader types or dials, as it is printed: a web address (with its scheme or www.), an
#: e-mail address, a phone number (seven digits or more, with spaces, dots, dashes or brackets
#: between). ASCII only: in Chinese text an address runs straight into the words around it.
URL = regex.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9/#=_~-]", regex.IGNORECASE)
EMAIL = regex.compile(r"[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = regex.compile(r"(?<![\w+])\+?\(?\d(?:[ \u00a0().-]?\d){6,}(?!\w)")
#: Marks the layouts put into a text that are no text (joiners, isolates, a soft hyphen).
INVISIBLE = regex.compile("[\u2060\u200b\u00ad\u2066-\u2069\u202a-\u202e]")
SPACES = regex.compile(r"[ \t\r\f\v]+")
FORCED = "\n"  # a <br>: a line break the text asks for
NBSP = "\u00a0"


def _element_text(element) -> str:  # type: ignore[no-untyped-def]
    """An element's text as written, a <br> as a newline."""
    parts = [element.text or ""]
    for child in element:
        parts.append(FORCED if child.tag == "br" else _element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _normal(text: str) -> str:
    """A text with its invisible marks left out; a space before a word joiner (a right-to-left
    headline's last words kept together: segment.keep_end_rtl) is no place to break, as a
    no-break space."""
    return SPACES.sub(" ", INVISIBLE.sub("", text.replace(" " + segment.WJ, NBSP)))


def _line_breaks(lines: list[Line]) -> tuple[str, list[tuple[int, int, Line]]] | None:
    """The paragraph's text and where each line wraps into the next: (where the line ends in
    the text, where the next begins, the next line). Forced breaks (<br>) are left out; None
    when the lines cannot be found in the element's text (generated content)."""
    element = lines[0].element
    if element is None or not isinstance(getattr(element, "tag", None), str):
        return None
    source = _normal(_element_text(element))
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for line in lines:
        text = _normal(line.text).strip(" ")
        if line.hyphenated:
            text = text[:-len(line.texts[-1].style["hyphenate_character"])]
        start = source.find(text, cursor) if text else -1
        spans.append((start, start + len(text)) if start >= 0 else None)
        if start >= 0:
            cursor = start + len(text)
    if not any(spans):
        return None
    wraps = []
    for (before, after), line in zip(zip(spans, spans[1:]), lines[1:]):
        if before is None or after is None or FORCED in source[before[1]:after[0]]:
            continue
        wraps.append((before[1], after[0], line))
    return source, wraps


def _wrapped(paragraphs: dict) -> Iterator[tuple[list[Line], str, list[tuple[int, int, Line]]]]:
    """Each paragraph of two lines or more whose lines are found in its text, with that text
    and where its lines wrap (_line_breaks)."""
    for lines in paragraphs.values():
        found = _line_breaks(lines) if len(lines) > 1 else None
        if found is not None:
            yield lines, *found


def contact_breaks(paragraphs: dict) -> list[PageFinding]:
    """A web or e-mail address or a phone number printed across two lines. At a hyphen the
    break reads as a hyphenation (a reader types "riversidehealth"), inside a word or a number
    it hides where the address goes on: functional. A web address broken at one of its slashes
    (where a line must break if the address cannot be set whole) is cosmetic: set it on a line
    of its own, at a size that holds it (see layouts/_macros.html.j2, qr_url)."""
    findings = []
    for _, source, wraps in _wrapped(paragraphs):
        taken: list[tuple[int, int]] = []  # a phone number's digits inside an address are the address's
        for kind, pattern in (("web address", URL), ("e-mail address", EMAIL), ("phone number", PHONE)):
            for match in pattern.finditer(source):
                if any(start < match.end() and match.start() < end for start, end in taken):
                    continue
                taken.append(match.span())
                inside = [(end, start, line) for end, start, line in wraps if match.start() < end and start < match.end()]
                if not inside:
                    continue
                pieces, last = [], match.start()
                for end, start, _ in inside:
                    pieces.append(source[last:end])
                    last = start
                pieces.append(source[last:match.end()])
                hyphen = any(source[end - 1] == "-" for end, _, _ in inside)
                slashes = kind == "web address" and all("/" in (source[end - 1], source[start]) for end, start, _ in inside)
                shown = snippet(" | ".join(pieces), 100)  # | where a line ends
                if slashes and not hyphen:
                    findings.append(_finding(
                        "cosmetic", "line-breaks", inside[0][2].page,
                        f"the {kind} {shown} is broken across lines at a slash of its path, where a line too short "
                        "for it may break it; where there is room, set it on one line (at a size that holds it: "
                        "layouts/)"))
                    continue
                how = " at a hyphen, which reads as a hyphenation (a reader leaves the hyphen out)" if hyphen else ""
                findings.append(_finding(
                    "functional", "line-breaks", inside[0][2].page,
                    f"the {kind} {shown} is broken across lines{how}; a reader types what they see: set it on "
                    "one line (a line of its own, unbreakable, at a size that holds it: layouts/)"))
    return findings
