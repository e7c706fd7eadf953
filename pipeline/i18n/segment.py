"""Where a line may break in a text, decided before WeasyPrint wraps it.

Pango breaks lines by UAX #14, which allows a break between any two Chinese characters, so a
word such as 无害 ("harmless") can be cut in two at a line end; and anything the layout wraps
around part of a text (a `<span>` for nowrap) must never cut through a grapheme cluster, or
the cluster is shaped in two pieces ("व्यायाम" printed as "व्याय◌ाम").

So the renderer works on graphemes and words and marks, in the text itself, where a line must
not break: U+2060 WORD JOINER between the characters of a Chinese word (jieba's segmentation;
its dictionary ships with the package and loads offline) and between the last two graphemes
of a text in a script written without spaces; a no-break space before a short last word of a
headline in a script written with spaces. Both are plain characters that Pango honours; copy
and search get the text without them (WeasyPrint maps the joiner to no glyph).

How a script breaks is data (`breaks` in scripts.yaml, see `prepare`): Korean separates words
with spaces, but Pango breaks between any two Hangul syllables (천천|히) and WeasyPrint 70 has no
`word-break: keep-all`, so the syllables of a word are joined with word joiners. Burmese puts
spaces only between phrases, and Pango 1.50 finds no break inside a Burmese run at all (a
sentence overflows its column), so a U+200B ZERO WIDTH SPACE, also invisible to copy and
search, is put between its syllables.

jieba's dictionary does not know every word a leaflet uses: a medical term such as 肌阵挛
(myoclonus) is cut into 肌|阵|挛, and a compound such as 皮质类固醇 (corticosteroid) into
皮质|类固醇, so a line could break inside it. Each document and locale therefore has a lexicon
(`lexicon`): the words it defines itself, in its catalog (the names of its medicines,
`term.<id>`), its terminology list (the agreed terms) and the locale's list of words kept whole
(locales/<locale>/words.txt, `load_words`). They are added to a jieba Tokenizer of that lexicon
only (each lexicon its own tokenizer, made the same way every time: no global state, nothing
one job adds reaches another), and every place a lexicon word stands in a text is then one
word, whatever jieba made of its neighbours, and whatever script its letters are in
(A型肉毒毒素, botulinum toxin type A).

The preflight (pipeline/checks/preflight/lines.py) checks the laid-out lines with the same
functions and the same lexicon.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import closing
from functools import lru_cache, partial
from pathlib import Path

import regex

from ..errors import LeafletError, display_path
from ..files import FILE_MODE, confined, make_folder, read_text

WJ = "\u2060"  # WORD JOINER: no line break on either side, no width, no glyph
ZWSP = "\u200b"  # ZERO WIDTH SPACE: a line may break here; no width, no glyph
NBSP = "\u00a0"
#: Scripts written without spaces between words: a line may break between any two characters,
#: so a text can end with a line of one character unless its end is kept together.
NO_SPACE_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")
HAN_RUN = regex.compile(r"\p{Han}+")
HANGUL = regex.compile(r"\p{Hangul}")
MYANMAR = regex.compile(r"\p{Myanmar}")
#: A run of text with no space in it, holding Hangul: a Korean word (with its punctuation).
HANGUL_WORD = regex.compile(r"[^\s\u00a0\u200b]*\p{Hangul}[^\s\u00a0\u200b]*")
#: Where a Burmese syllable starts, so a line may break before it: a consonant or independent
#: vowel (not a digit: a number is never split) that neither carries an asat or virama (then it closes or stacks into the
#: syllable before: န် in ကျွန်, the first င in the kinzi of မင်္ဂလာ) nor follows a virama
#: (a stacked consonant: the second တ of သတ္တဝါ), inside a run of Burmese.
MYANMAR_SYLLABLE = regex.compile(r"(?<=[\u1000-\u109f])(?<!\u1039)(?=[\u1000-\u102a\u103f\u104c-\u104f\u1050-\u1055"
                                 r"\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070\u1075-\u1081\u108e]"
                                 r"(?![\u1039\u103a]))")
GRAPHEME = regex.compile(r"\X")
#: A Burmese headline keeps each phrase on one line up to this many syllables (about 5 em: well
#: inside a poster headline's measure of some 12 em); longer ones break between syllables.
MAX_KEPT_SYLLABLES = 6
RTL_LETTER = regex.compile(r"[\p{Arabic}\p{Hebrew}\p{Syriac}\p{Thaana}\p{Nko}]")


@lru_cache(maxsize=64)
def names_pattern(names: tuple[str, ...]) -> regex.Pattern | None:
    """Any of `names` (LocalizedDocument.names) as whole words, in any case (a sentence may start
    with one), their spaces also as no-break spaces; None for no names. The layouts mark what it
    finds never to be hyphenated (render/html.py), the preflight looks for it hyphenated."""
    if not names:
        return None
    alternatives = "|".join(regex.escape(name).replace(r"\ ", "[ \u00a0]") for name in names)
    return regex.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", regex.IGNORECASE)
#: A headline's last word this short (in graphemes) is joined to the word before it, unless
#: the two together are longer than the second number: a joined pair must never be wider than
#: a poster's headline measure (about 17 letters at 20 mm capitals). Letters of alphabets
#: (Latin, Arabic...) are about half an em wide; a grapheme of an Indic script, a consonant
#: cluster with its vowel sign, about a whole em.
JOIN_LIMITS = {"alphabet": (7, 16), "indic": (4, 9)}
INDIC = regex.compile(r"[\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}"
                      r"\p{Kannada}\p{Malayalam}\p{Sinhala}]")
#: A phrase in Latin letters inside another script: it starts with a letter and ends with a
#: letter or digit, and holds the punctuation between (B1, B5; 1.0.0; https://...). Sentence
#: punctuation after it belongs to the sentence around it.
LATIN_PHRASE = regex.compile(r"\p{Latin}(?:[\p{Latin}\p{Nd}\p{Zs}.,:;/\-'’()&+_~%]*[\p{Latin}\p{Nd}])?")


def graphemes(text: str) -> list[str]:
    """Extended grapheme clusters (Unicode 15.1+ rules, Indic conjuncts included)."""
    return GRAPHEME.findall(text)


def is_no_space(char: str) -> bool:
    return bool(NO_SPACE_CHAR.match(char))


#: A lexicon word is kept on one line, so a column must hold it: at most this many graphemes
#: (the poster's headline, the narrowest measure, holds some nine Chinese characters at its
#: largest size; a term of twelve is about its width at the poster's body size).
MAX_WORD = 12
#: The most a locale's list of words may weigh (bytes).
MAX_WORDS_BYTES = 256 * 1024


#: Where jieba's prefix table is kept between processes: in the virtual environment jieba is
#: installed in (made by `make`, private to this checkout), never the system's temporary folder;
#: outside a virtual environment it is not kept.
DICTIONARY_CACHE: Path | None = Path(sys.prefix) / "share" / "leaflets" if sys.prefix != sys.base_prefix else None


class _KeptTable(dict):  # type: ignore[type-arg]
    """jieba's prefix table read from the kept SQLite file one entry at a time, as jieba asks
    for them (`in`, `[]`, `get`): a document's Chinese asks for a few thousand of its half
    million entries, and the whole table in a dict costs every worker 70 MB. Entries read, and
    words a lexicon adds, stay in the dict itself; the file is opened read-only, once per
    process (a worker forked from a process that had it open opens its own)."""

    def __init__(self, path: Path):
        super().__init__()
        self._path = path
        self._absent: set[str] = set()

    def _read(self, word: str) -> int | None:
        if word in self._absent:
            return None
        row = _kept_connection(self._path, os.getpid()).execute("SELECT freq FROM w WHERE word = ?", (word,)).fetchone()
        if row is None:
            self._absent.add(word)
            return None
        dict.__setitem__(self, word, row[0])
        return int(row[0])

    def __missing__(self, word: str) -> int:
        value = self._read(word)
        if value is None:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or (isinstance(word, str) and self._read(word) is not None)

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        if dict.__contains__(self, word):
            return dict.__getitem__(self, word)
        value = self._read(word)
        return default if value is None else value


@lru_cache(maxsize=2)
def _kept_connection(path: Path, pid: int) -> sqlite3.Connection:
    """The kept table's file, read-only, for this process (`pid`)."""
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _keep_table(table: dict[str, int], total: int, kept: Path) -> None:
    """Write the prefix table to `kept` (SQLite), whole or not at all: a reader sees the
    finished file or none."""
    assert DICTIONARY_CACHE is not None
    folder = make_folder(kept.parent, DICTIONARY_CACHE)
    partial = folder / f".{kept.name}.{os.getpid()}.tmp"
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(partial)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("CREATE TABLE w (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE total (n INTEGER NOT NULL)")
            db.executemany("INSERT INTO w VALUES (?, ?)", sorted(table.items()))
            db.execute("INSERT INTO total VALUES (?)", (total,))
            db.commit()
        os.chmod(partial, FILE_MODE)
        os.replace(partial, kept)
    finally:
        partial.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[Callable[[], dict[str, int]], int]:
    """jieba's shipped dictionary as a maker of its prefix table (a fresh table each call, to
    add a lexicon's words to) and its total frequency. Not through jieba.initialize(): that
    reads and writes a cache file in the system's temporary folder, shared by every user of the
    machine. The table takes 0.5 s and 70 MB to make from the dictionary, so the first process
    keeps it in DICTIONARY_CACHE as a SQLite file named by the digest of the dictionary's bytes
    and jieba's version, and every process reads from it only the entries its texts ask for
    (_KeptTable). Where it cannot be kept or read, the table is made in memory, as jieba does."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs the dictionary load at INFO/DEBUG
    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as shipped:
        words = shipped.read()
    if DICTIONARY_CACHE is not None:
        digest = hashlib.sha256(words)
        digest.update(f"jieba {jieba.__version__} sqlite".encode())
        kept = DICTIONARY_CACHE / f"jieba-{digest.hexdigest()[:32]}.sqlite"
        for attempt in range(2):
            try:
                if confined(kept, DICTIONARY_CACHE).is_file():
                    row = _kept_connection(kept, os.getpid()).execute("SELECT n FROM total").fetchone()
                    if row is not None and isinstance(row[0], int):
                        return (lambda: _KeptTable(kept)), row[0]
            except (OSError, LeafletError, sqlite3.Error):
                _kept_connection.cache_clear()
            if attempt:
                break
            try:  # not kept yet, or damaged: make it and keep it
                table, total = tokenizer.gen_pfdict(io.BytesIO(words))
                _keep_table(table, total, kept)
            except (OSError, LeafletError, sqlite3.Error):
                return partial(dict, table), total  # a read-only environment: this process's own
    table, total = tokenizer.gen_pfdict(io.BytesIO(words))
    return partial(dict, table), total


@lru_cache(maxsize=8)
def _tokenizer(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A jieba Tokenizer of the shipped dictionary and the lexicon `words`, its own: jieba's
    default tokenizer is never changed, and a lexicon's words never reach another's. Words are
    added in their (sorted) order, each with the frequency jieba suggests from what is there
    before it, so the same lexicon makes the same tokenizer every time."""
    import jieba

    table, total = _dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = table(), total
    tokenizer.initialized = True
    for word in words:
        for run in HAN_RUN.findall(word):
            if len(run) > 1:
                tokenizer.add_word(run)
    return tokenizer


def lexicon(*sources: Iterable[str], phrases: Iterable[str] = ()) -> tuple[str, ...]:
    """The words a document and locale define, as the segmenter takes them: sorted, each once
    (NFC), only those with Chinese characters (in other scripts spaces separate words) and more
    than one grapheme, none with a space or longer than MAX_WORD graphemes; and the `phrases`
    (the locale's words.txt only, never a medicine's name: a long name must still wrap) of two
    to four words in a spaced script (is_phrase), which are never set on two lines."""
    words = set()
    for source in sources:
        for word in source:
            word = unicodedata.normalize("NFC", str(word)).strip()
            if HAN_RUN.search(word) and 1 < len(graphemes(word)) <= MAX_WORD and not regex.search(r"[\s\p{Z}]", word):
                words.add(word)
    words.update(p for p in (unicodedata.normalize("NFC", str(p)).strip() for p in phrases) if is_phrase(p))
    return tuple(sorted(words))


#: A phrase of words.txt: at most this many graphemes (a compound read as one word, "غير ضار",
#: harmless; "Lou Gehrig"; "6 à 8 heures"), narrower than any column it is printed in
#: (pipeline/checks/catalog.py, COLUMN_EMS: the narrowest is 10.9 ems of the bilingual's title),
#: of two to four words.
MAX_PHRASE = 16
_PHRASE = regex.compile(r"[\p{L}\p{M}\p{N}][^\s\p{Z}]*(?: [^\s\p{Z}]+){1,3}")


def is_phrase(text: str) -> bool:
    """Whether `text` is a phrase words.txt may keep on one line: two to four words in a
    spaced script (no Chinese characters), single spaces, at most MAX_PHRASE graphemes."""
    return bool(_PHRASE.fullmatch(text)) and not HAN_RUN.search(text) and len(graphemes(text)) <= MAX_PHRASE


def join_phrases(text: str, words: tuple[str, ...] = ()) -> str:
    """Keep each phrase of the lexicon (is_phrase) on one line wherever it stands as whole
    words in `text`: its spaces become no-break spaces, or in right-to-left text a space and a
    word joiner (no break on either side of it, UAX #14), as keep_end_rtl joins: readers
    (pypdf) put words joined by a no-break space in the wrong order when they extract an
    Arabic line."""
    phrases = [w for w in words if " " in w]
    if not phrases or " " not in text:
        return text
    pattern = _phrase_pattern(tuple(phrases))
    return pattern.sub(lambda m: m.group().replace(" ", " " + WJ if RTL_LETTER.search(m.group()) else NBSP), text)


@lru_cache(maxsize=8)
def _phrase_pattern(phrases: tuple[str, ...]):  # type: ignore[no-untyped-def]
    alternatives = "|".join(regex.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{M}}\p{{N}}])")


def load_words(path: Path, root: Path) -> tuple[str, ...]:
    """A locale's list of words kept whole (locales/<locale>/words.txt): one entry a line, `#`
    starts a comment. An entry is one word of Chinese characters (jieba does not know it), or,
    in a spaced script, a phrase of two to four words read as one (is_phrase: "غير ضار",
    harmless, printed "غير / ضار" in a headline). Any other line, or one longer than MAX_WORD
    (a word) or MAX_PHRASE (a phrase), is refused with its line."""
    text = read_text(path, root, MAX_WORDS_BYTES, "list of words")
    words, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        word = unicodedata.normalize("NFC", line.split("#", 1)[0].strip())
        if not word:
            continue
        where = f"{display_path(path)}:{number}: '{word[:40]}'"
        if not HAN_RUN.search(word):
            if regex.search(r"\p{C}", word):
                problems.append(f"{where} holds an invisible control character; write the phrase with letters, "
                                "digits and single spaces only")
            elif not regex.search(r"[\s\p{Z}]", word):
                problems.append(f"{where} is one word of a script with spaces, which lines never break inside; "
                                "list a Chinese word, or a phrase of two to four words kept on one line")
            elif not _PHRASE.fullmatch(word):
                problems.append(f"{where} is not a phrase of two to four words with single spaces; "
                                "write one phrase a line")
            elif len(graphemes(word)) > MAX_PHRASE:
                problems.append(f"{where} is longer than {MAX_PHRASE} characters, more than a narrow column "
                                "holds on one line")
            else:
                words.append(word)
        elif regex.search(r"[\s\p{Z}\p{C}]", word):
            problems.append(f"{where} is not one word with Chinese characters; write one word a line")
        elif len(graphemes(word)) > MAX_WORD:
            problems.append(f"{where} is longer than {MAX_WORD} characters, more than a narrow column holds "
                            "on one line")
        else:
            words.append(word)
    if problems:
        raise LeafletError("; ".join(problems))
    return tuple(words)


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """The lexicon's words as one pattern, the longest first where two start at one place."""
    return regex.compile("|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


def lexicon_spans(text: str, words: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where each lexicon word stands in `text` (start, end), overlapping ones too."""
    if not words:
        return []
    return [m.span() for m in _pattern(words).finditer(text, overlapped=True)]


@lru_cache(maxsize=4096)
def han_words(run: str, words: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A run of Han characters cut into words: jieba's dictionary (with the lexicon `words`)
    only, without its HMM guesses of unknown words (they join characters into long spurious
    words that forbid good breaks); a lexicon word that stands in the run is one word, whatever
    jieba made of it and its neighbours."""
    cut = tuple(_tokenizer(words).lcut(run, HMM=False))
    spans = lexicon_spans(run, words)
    if not spans:
        return cut
    inside = {i for start, end in spans for i in range(start + 1, end)}
    merged: list[str] = []
    offset = 0
    for word in cut:
        if merged and offset in inside:
            merged[-1] += word
        else:
            merged.append(word)
        offset += len(word)
    return tuple(merged)


def word_ends(text: str, words: tuple[str, ...] = ()) -> set[int]:
    """Offsets in `text` where a Chinese word ends: the line breaks allowed inside Han runs.

    Offsets outside Han runs are not listed; a caller treats those by the usual rules.
    """
    ends: set[int] = set()
    for match in HAN_RUN.finditer(text):
        offset = match.start()
        for word in han_words(match.group(), words):
            offset += len(word)
            ends.add(offset)
        ends.add(match.start())
    return ends


#: A term the text quotes or names in title marks (“肌束颤动”, 《肌肉跳动》): the text defines it
#: as one word, so it is kept whole with its marks, up to this many characters.
MAX_QUOTED = 8
QUOTED = regex.compile(r"[“‘「『《〈](?=[^“”‘’「」『』《》〈〉]*\p{Han})[\p{Han}\p{Latin}\p{Nd}·]{1,"
                       + str(MAX_QUOTED) + r"}[”’」』》〉]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where a short quoted or title-marked Chinese term stands, with its marks (start, end)."""
    return [m.span() for m in QUOTED.finditer(text)]


#: Quotation marks whose direction Unicode leaves open (line-break class QU). UAX #14 before
#: Unicode 15.1 (Pango 1.50's rules) never breaks a line on either side of one, so 称为“肌束颤动”。
#: is one unit that cannot start on a line: the line before ends several characters short.
#: Unicode 15.1 (rule LB19a) lets a line break before an opening mark and after a closing one
#: where East Asian characters stand on both sides, as Chinese typesetting always has.
OPENING_QUOTES = "“‘"
CLOSING_QUOTES = "”’"
#: What may not start a line in East Asian text (closing brackets and quotes, 。，、！？：；…,
#: small kana, the iteration marks): a break before it is never offered.
NO_LINE_START = regex.compile(r"[\p{Pe}\p{Pf}\p{Po}ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿー々〻ゝゞヽヾ]")
NO_LINE_END = regex.compile(r"[\p{Ps}\p{Pi}]")


def _east_asian(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def quote_breaks(text: str) -> list[int]:
    """Offsets in `text` where a line may break beside a quotation mark between East Asian
    characters (Unicode 15.1's LB19a), which Pango 1.50 does not offer: before an opening “ ‘
    whose neighbours are East Asian, after a closing ” ’ whose neighbours are East Asian and
    whose next character may start a line. A word joiner beside the mark (a word kept whole)
    keeps the break away; invisible marks are looked through to find the neighbours."""
    def visible(index: int, step: int) -> str:
        while 0 <= index < len(text) and text[index] in (WJ, ZWSP):
            index += step
        return text[index] if 0 <= index < len(text) else ""

    found = []
    for index, char in enumerate(text):
        if char in OPENING_QUOTES and index > 0 and text[index - 1] not in (WJ, ZWSP):
            before, after = text[index - 1], visible(index + 1, 1)
            if before and after and _east_asian(before) and _east_asian(after) and not NO_LINE_END.match(before):
                found.append(index)
        elif char in CLOSING_QUOTES and index + 1 < len(text) and text[index + 1] not in (WJ, ZWSP):
            before, after = visible(index - 1, -1), text[index + 1]
            if before and _east_asian(before) and _east_asian(after) and not NO_LINE_START.match(after):
                found.append(index + 1)
    return found


def kept_together(text: str, words: tuple[str, ...] = ()) -> set[int]:
    """Offsets in `text` where no line may break: inside a Chinese word (jieba's, with the
    lexicon), inside a lexicon word whatever its script (between the A and the 型 of A型肉毒毒素),
    and inside a short term in quotation or title marks with its marks (“肌束颤动”).
    The renderer joins the text there (`join_words`), the preflight looks for breaks there."""
    inside: set[int] = set()
    for match in HAN_RUN.finditer(text):
        offset = match.start()
        for word in han_words(match.group(), words):
            inside.update(range(offset + 1, offset + len(word)))
            offset += len(word)
    for start, end in (*lexicon_spans(text, words), *quoted_spans(text)):
        inside.update(range(start + 1, end))
    return inside


#: A run of at least this many characters that jieba's dictionary leaves as single characters
#: and its HMM reads as one word is likely a word the dictionary does not know (a medical term,
#: a transliterated name: 肌阵挛, 环苯扎林). Shorter runs are mostly function words (这是, 它会).
UNKNOWN_MIN = 3


def unknown_words(run: str, words: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where a run of Han characters likely holds a word that neither jieba's dictionary nor the
    lexicon knows (start, end): a stretch the dictionary cuts into single characters, which
    jieba's HMM (its guess at new words; the same model every time) reads as a word of
    UNKNOWN_MIN characters or more. Not used to break lines (its guesses are often long and
    spurious), only by the preflight, to say where a break may cut a word nobody listed."""
    from jieba import finalseg

    found: list[tuple[int, int]] = []
    singles: list[int] = []  # offsets of a stretch of one-character words
    offset = 0
    for word in (*han_words(run, words), ""):
        if len(word) == 1:
            singles.append(offset)
        else:
            if len(singles) >= UNKNOWN_MIN:
                start = singles[0]
                for guess in finalseg.cut(run[start:singles[-1] + 1]):
                    if len(guess) >= UNKNOWN_MIN:
                        found.append((start, start + len(guess)))
                    start += len(guess)
            singles = []
        offset += len(word)
    return found


def join_words(text: str, words: tuple[str, ...] = ()) -> str:
    """Put a word joiner between the characters of each Chinese word of more than one character
    and of each lexicon word (between graphemes only: a cluster is never cut). The words are
    found in the text without the joiners and zero-width spaces already in it, which are kept:
    a text marked twice (a layout string, prepared by gettext, then by a filter) is marked as
    once, not re-cut between its joiners (阅^读本^手^册 read 读本, "textbook", as a word)."""
    if not HAN_RUN.search(text):
        return text
    inside = kept_together(text.replace(WJ, "").replace(ZWSP, ""), words)
    if not inside:
        return text
    out: list[str] = []
    offset = 0
    for cluster in graphemes(text):
        if cluster in (WJ, ZWSP):
            out.append(cluster)
            continue
        if offset in inside and out and out[-1] != WJ:
            out.append(WJ)
        out.append(cluster)
        offset += len(cluster)
    return "".join(out)


def mark_quote_breaks(text: str) -> str:
    """Put a zero-width space where a line may break beside a quotation mark between Chinese
    characters (quote_breaks), which Pango would not offer: 称为“肌束颤动”。 no longer moves
    down whole, leaving the line before four to eight characters short."""
    for index in reversed(quote_breaks(text)):
        text = text[:index] + ZWSP + text[index:]
    return text


def join_hangul(text: str) -> str:
    """Put a word joiner between the characters of each Korean word, so lines break only at spaces."""
    def join(match: regex.Match) -> str:
        return WJ.join(g for g in graphemes(match.group()) if g != WJ)  # joined once, however often asked
    return HANGUL_WORD.sub(join, text)


def syllable_breaks(text: str, keep_last: bool = False) -> str:
    """Put a zero-width space where each Burmese syllable starts (a place a line may break);
    with `keep_last`, not before the text's last syllable, so no line holds that one alone."""
    starts = [m.start() for m in MYANMAR_SYLLABLE.finditer(text)]
    if keep_last and starts:
        starts.pop()
    out, last = [], 0
    for start in starts:
        out += [text[last:start], ZWSP]
        last = start
    out.append(text[last:])
    return "".join(out)


def prepare(text: str, breaks: str = "spaces", keep_last: bool = False, words: tuple[str, ...] = ()) -> str:
    """Mark where lines may or may not break, as the script's `breaks` (scripts.yaml) asks:
    Chinese words joined (`han-words`; also in Latin-script text, where Han runs are rare) and a
    break offered beside their quotation marks (mark_quote_breaks);
    Korean words joined (`words`); Burmese syllables separated (`syllables`; `keep_last`: the
    last two kept together); Japanese (`characters`) left to Pango's rules. `words` is the
    document's lexicon (`lexicon`), kept whole in Chinese, its phrases on one line (`join_phrases`)."""
    if breaks in ("han-words", "spaces"):
        return mark_quote_breaks(join_words(join_phrases(text, words), words))
    if breaks == "words":
        return join_hangul(text)
    if breaks == "syllables":
        return syllable_breaks(text, keep_last)
    return text


def keep_end(text: str, pair_fits: bool = False) -> str:
    """Keep a text's end from standing alone on its last line.

    Without spaces (Chinese): the last two graphemes before any closing punctuation are joined,
    so no last line holds one character. With spaces: a short last word is joined to the word
    before by a no-break space (a headline never ends on a line of one short word); with
    `pair_fits` (the layout measured that the last two words fit a line of the text's column:
    render/widows.py), the last word is joined whatever its length, so no display text ends on
    a line of one word. One-word texts and texts of a few graphemes are left alone.
    """
    body = text.rstrip()
    tail = text[len(body):]
    clusters = graphemes(body)
    end = len(clusters)
    while end and regex.match(r"[\p{P}\s]", clusters[end - 1][0]):
        end -= 1
    if end < 4:
        return text
    if is_no_space(clusters[end - 1][0]):
        if clusters[end - 2] == ZWSP and end > 2 and clusters[end - 3][0] in CLOSING_QUOTES:  # ”了。: keep 了 with ”
            return "".join(clusters[:end - 2]) + WJ + "".join(clusters[end - 1:]) + tail
        if clusters[end - 2] == WJ or not is_no_space(clusters[end - 2][0]):
            return text  # already one word, or the script changes there
        return "".join(clusters[:end - 1]) + WJ + "".join(clusters[end - 1:]) + tail
    space = body.rfind(" ")
    if space <= 0 or is_no_space(body[space - 1]):
        return text
    last = len(graphemes(body[space + 1:]))
    before = max(body.rfind(" ", 0, space), body.rfind(NBSP, 0, space))  # the word before, not a joined group
    pair = len(graphemes(body[before + 1:]))
    longest_last, longest_pair = JOIN_LIMITS["indic" if INDIC.search(body[before + 1:]) else "alphabet"]
    if not pair_fits and (last > longest_last or pair > longest_pair):
        return text
    return body[:space] + NBSP + body[space + 1:] + tail


def keep_end_rtl(text: str, pair_fits: bool = False) -> str:
    """keep_end (with `pair_fits`) for right-to-left text: the last words are joined by their
    space and a word joiner after it (no line break before a word joiner, UAX #14), not by a
    no-break space, which made pypdf extract the whole Arabic line in reverse word order."""
    joined = keep_end(text, pair_fits)
    if joined == text:
        return text
    at = next(i for i, (a, b) in enumerate(zip(text, joined)) if a != b)
    return joined[:at] + " " + WJ + joined[at + 1:]


#: A word of one or two letters (le, la, de, à, of, is) in an alphabetic script...
SHORT_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}])([\p{L}][\p{L}\p{M}]?) (?=[\p{L}])")


def join_short_words(text: str) -> str:
    """... is joined to the word after it in a headline, so no headline line ends with an
    article or preposition ("sont le / plus souvent"). Indic and Chinese text is left alone."""
    if INDIC.search(text) or HAN_RUN.search(text) or RTL_LETTER.search(text):
        return text
    return SHORT_WORD.sub(lambda m: m.group(1) + NBSP, text)


def typeset(text: str, end: bool = False, breaks: str = "spaces", words: tuple[str, ...] = (),
            pair_fits: bool = False) -> str:
    """A text ready to wrap: its words or syllables marked as its script's `breaks` asks
    (`prepare`), and (`end`, headlines) its end kept together and its short words kept with the
    next. Burmese keeps its last two syllables together by leaving out the last break, and a
    headline each phrase of up to MAX_KEPT_SYLLABLES whole (Burmese spaces separate phrases); Korean
    words are joined after the end is kept (the joiners would count as letters). `pair_fits`:
    the layout measured that the text's last two words fit one line (keep_end)."""
    if (breaks == "syllables" and not MYANMAR.search(text)) or (breaks == "words" and not HANGUL.search(text)):
        breaks = "spaces"  # English shown for a missing translation breaks as English does
    if breaks == "syllables":
        text = syllable_breaks(text, keep_last=True)
        if end:  # a headline breaks between its phrases (Burmese spaces separate them) where they are short
            text = " ".join(p.replace(ZWSP, "") if p.count(ZWSP) < MAX_KEPT_SYLLABLES else p for p in text.split(" "))
        return text
    if breaks == "words":
        return join_hangul(keep_end(text) if end else text)
    text = prepare(text, breaks, words=words)
    if end:
        text = join_short_words(text)
    if end or any(is_no_space(c) for c in text[-6:]):
        text = keep_end(text, pair_fits and end)
    return text
