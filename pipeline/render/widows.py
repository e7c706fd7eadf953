"""Display texts whose last line holds a single word that the line before could give a partner.

A typesetter never leaves a heading's or a poster text's last word alone on its line (a
"widow": "Que sont les contractions musculaires / involontaires ?"). Whether the last two words
fit one line depends on the column and the size the layout gives the text, which no template
knows; so the renderer lays a document out, asks `widowed_texts` which texts end so although
the pair would fit, and lays it out once more with those texts' last two words joined by a
no-break space (segment.keep_end, `pair_fits`). The preflight's `last_words` check
(pipeline/checks/preflight/lines.py) is the independent judge of the result.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import Any

import regex

from ..i18n import segment

#: What the layouts add to a text and no reader sees: joiners, zero-width spaces, isolates.
_INVISIBLE = regex.compile("[\u2060\u200b\u00ad\u2066-\u2069\u202a-\u202e]")
_WORD = regex.compile(r"[\p{L}\p{N}]")


def text_key(text: str) -> str:
    """A text as the layouts print it and as its source holds it, compared: NFC, without the
    marks the layouts add, no-break spaces as spaces, runs of white space as one."""
    plain = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(text))).replace(segment.NBSP, " ")
    return " ".join(plain.split())


def spares_a_word(units: int, lines: int) -> bool:
    """Whether a text's last line but one, of `units` words (where it may break), can give its
    last word to the last line: two stay on it, or it is the text's first line. Moving down the
    only other word of a middle line leaves it alone ("6-8 மணி / நேர / இடைவிடாத தூக்கம்": the
    preflight's lone_lines), which reads worse than a last word alone."""
    return units >= 3 or (units == 2 and lines == 2)


def widowed_texts(pages: list[Any]) -> frozenset[str]:
    """The texts (text_key) of a laid-out document (its `pages`, render.laidout.collect) whose last line holds one
    word, where the line before holds three or more (two, in a text of two lines: moving one down
    must not leave a middle line of one word) and its last word, set beside that word,
    fits the room the last line has (its column, less a float beside it). Texts without spaces
    (Chinese) and right-to-left ones are left out: a no-break space is no way to join their words
    (segment.keep_end keeps a Chinese end by its characters; readers reverse Arabic words joined
    so when they extract a line)."""
    from .laidout import room, text_width  # WeasyPrint: only once there is a layout

    paragraphs: dict[Any, list] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            if not line.margin and line.texts and line.element is not None:
                paragraphs[line.element].append(line)
    found = set()
    for element, lines in paragraphs.items():
        if len(lines) < 2 or lines[-1].page != lines[-2].page:
            continue
        upper, lower = lines[-2], lines[-1]
        below = text_key(lower.text)
        units = _INVISIBLE.sub("", upper.text).strip().split(" ")
        if len([w for w in below.split() if _WORD.search(w)]) != 1 or not spares_a_word(len(units), len(lines)) \
                or upper.hyphenated \
                or segment.HAN_RUN.search(below) or segment.RTL_LETTER.search(below + units[-1]):
            continue
        left, right = room(lower, pages)
        lower_left, _, lower_right, _ = lower.rect_of_texts()
        if (lower_right - lower_left) + text_width(units[-1] + " ", upper.texts[-1].style) <= right - left:
            found.add(text_key("".join(element.itertext())))
    return frozenset(found)
