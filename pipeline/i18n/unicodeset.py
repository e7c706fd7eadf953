"""The small part of ICU's UnicodeSet syntax that CLDR's exemplar characters are written in.

CLDR writes a locale's letters as `[a á b c {ch} d-f \\u200C]`: single characters, ranges,
`{multi-letter strings}` and backslash escapes (`\\-`, `\\[`, `\\uXXXX`), whitespace between
items ignored. Nothing else occurs in CLDR 48's exemplar sets (no nested sets or properties),
so this parser refuses anything else rather than guessing. `format_set` writes a parsed set
back in the same syntax with runs as ranges, so the generated data file stays small and
readable (Korean's 11,172 syllables are `가-힣`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Characters that mean something in the syntax and are escaped when written.
SPECIAL = frozenset("[]{}-\\&:^$")
#: What the syntax ignores between items: Unicode's Pattern_White_Space, as ICU does (a
#: no-break space is a member, as in French's number set, not a separator).
PATTERN_SPACE = frozenset("\t\n\v\f\r \x85\u200e\u200f\u2028\u2029")


@dataclass(frozen=True)
class CharSet:
    """A parsed set: its single characters, and its multi-character strings (clusters such as
    Bengali "ক্ষ" that CLDR lists as one letter)."""

    chars: frozenset[str]
    strings: tuple[str, ...] = ()

    def code_points(self) -> frozenset[str]:
        """Every character the set needs drawn, those inside its strings included."""
        return self.chars | frozenset(ch for s in self.strings for ch in s)


def _escape(text: str, i: int) -> tuple[str, int]:
    """The character escaped at text[i] (just after a backslash), and where parsing resumes."""
    ch = text[i]
    if ch == "u":
        return chr(int(text[i + 1:i + 5], 16)), i + 5
    if ch == "U":
        return chr(int(text[i + 1:i + 9], 16)), i + 9
    if ch == "x" and text[i + 1:i + 2] == "{":
        end = text.index("}", i)
        return chr(int(text[i + 2:end], 16)), end + 1
    return ch, i + 1


def parse_set(pattern: str) -> CharSet:
    """Parse `[...]`; ValueError (with the offset) for anything outside the supported syntax."""
    text = pattern.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise ValueError(f"not a set in brackets: {pattern[:40]!r}")
    body = text[1:-1]
    if body.startswith(":") or "\\p" in body or "\\P" in body or "\\N" in body:
        raise ValueError(f"unsupported UnicodeSet syntax (a property) in {pattern[:60]!r}")
    chars: set[str] = set()
    strings: list[str] = []
    previous: str | None = None  # the last single character, which a '-' may extend to a range
    i = 0
    while i < len(body):
        ch = body[i]
        if ch in PATTERN_SPACE:
            i += 1
            continue
        if ch == "{":
            end = i + 1
            value = []
            while body[end] != "}":
                if body[end] == "\\":
                    escaped, end = _escape(body, end + 1)
                    value.append(escaped)
                else:
                    value.append(body[end])
                    end += 1
            string = "".join(value)
            if len(string) == 1:
                chars.add(string)
            elif string:
                strings.append(string)
            previous, i = None, end + 1
            continue
        if ch == "-" and previous is not None and i + 1 < len(body) and body[i + 1] not in PATTERN_SPACE:
            if body[i + 1] == "\\":
                last, i = _escape(body, i + 2)
            else:
                last, i = body[i + 1], i + 2
            if ord(last) < ord(previous):
                raise ValueError(f"backward range {previous}-{last} at {i}")
            chars.update(chr(c) for c in range(ord(previous), ord(last) + 1))
            previous = None
            continue
        if ch in "[]&^$" or (ch == "-" and i + 1 < len(body)) or (ch == ":" and body[i - 1:i] == "["):
            raise ValueError(f"unsupported UnicodeSet syntax {ch!r} at {i} in {pattern[:60]!r}")
        if ch == "\\":
            ch, i = _escape(body, i + 1)
        else:
            i += 1
        chars.add(ch)
        previous = ch
    return CharSet(frozenset(chars), tuple(sorted(set(strings))))


def _literal(ch: str) -> str:
    if ch in SPECIAL:
        return "\\" + ch
    if ch in PATTERN_SPACE or ch.isspace() or not ch.isprintable():
        return f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"
    return ch


def format_set(chars: frozenset[str], strings: tuple[str, ...] = ()) -> str:
    """The set in UnicodeSet syntax, runs of three or more code points written as ranges."""
    codes = sorted(ord(c) for c in chars)
    items: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        if j - i >= 2:
            items.append(f"{_literal(chr(codes[i]))}-{_literal(chr(codes[j]))}")
        else:
            items.extend(_literal(chr(c)) for c in codes[i:j + 1])
        i = j + 1
    items.extend("{" + "".join(_literal(c) for c in s) + "}" for s in sorted(strings))
    return "[" + " ".join(items) + "]"
