"""Plural forms from CLDR, written as the gettext expression a catalog's header carries.

Babel parses CLDR's plural rules (`Locale.plural_form`), but its own gettext table
(`babel.messages.plurals`) is a legacy list that disagrees with CLDR for Hindi, Bengali and
Arabic, and `babel.plural.to_gettext` leaves CLDR's `e` operand (compact exponent), which no
gettext tool accepts. gettext counts whole numbers, so here every operand is that of an
integer n: i = n, and v, w, f, t, c, e are 0; what becomes constant is folded away. The forms
are numbered in CLDR's order (zero, one, two, few, many, other), as Weblate numbers them.

A catalog's own header is untrusted text: it is checked, never executed, by evaluating it with
the standard library's gettext parser (`gettext.c2py`, which accepts only the C operators of
plural expressions) on the numbers where the rules can differ.
"""

from __future__ import annotations

import gettext
import re
from typing import Any

from babel import Locale

_TAGS = ("zero", "one", "two", "few", "many", "other")
_ZERO_OPERANDS = frozenset("vwftce")
#: Whole numbers on which two plural rules are compared: every remainder up to 1000, and the
#: round millions where CLDR's "many" (Spanish, French, Portuguese) starts.
SAMPLE_NUMBERS = (*range(0, 1001), 1_000_000, 2_000_000, 10_000_000, 1_000_001)
MAX_HEADER_CHARS = 1000

Expr = Any  # an int or bool after folding, or a str of C code


def _c(value: Expr) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _compile(node: tuple) -> Expr:
    """A Babel plural AST node as C code, or as a constant when it does not depend on n."""
    op, args = node
    if op in ("n", "i"):
        return "n"
    if op in _ZERO_OPERANDS:
        return 0
    if op == "value":
        return int(args[0])
    if op == "mod":
        a, b = _compile(args[0]), _compile(args[1])
        return a % b if isinstance(a, int) and isinstance(b, int) else f"n % {b}" if a == "n" else f"({a}) % {b}"
    if op == "not":
        inner = _compile(args[0])
        return (not inner) if isinstance(inner, bool) else f"!({inner})"
    if op in ("and", "or"):
        a, b = _compile(args[0]), _compile(args[1])
        if op == "and":
            if a is False or b is False:
                return False
            if a is True:
                return b
            if b is True:
                return a
            return f"({a} && {b})"
        if a is True or b is True:
            return True
        if a is False:
            return b
        if b is False:
            return a
        return f"({a} || {b})"
    if op == "relation":
        method, expr, range_list = args
        value = _compile(expr)
        tests: list[Expr] = []
        for low, high in range_list[1]:
            lo, hi = _compile(low), _compile(high)
            if isinstance(value, int):
                tests.append(lo <= value <= hi)
            elif lo == hi:
                tests.append(f"{value} == {lo}")
            else:
                tests.append(f"{value} >= {lo} && {value} <= {hi}")
        if any(t is True for t in tests):
            return True
        live = [t for t in tests if t is not False]
        if not live:
            return False
        return live[0] if len(live) == 1 else "(" + " || ".join(f"({t})" if "&&" in str(t) else str(t)
                                                                for t in live) + ")"
    raise ValueError(f"unknown CLDR plural operator {op!r}")


def plural_tags(locale: str | Locale) -> list[str]:
    """CLDR's plural categories of the locale, in the order the catalogs number their forms."""
    rule = (locale if isinstance(locale, Locale) else Locale.parse(locale)).plural_form
    return [tag for tag in _TAGS if tag in (rule.tags | {"other"})]


def cldr_plural_forms(locale: str | Locale) -> str:
    """The `Plural-Forms` header value CLDR gives the locale, e.g. `nplurals=2; plural=n > 1;`...
    written as CLDR states it (Hindi: `(n == 0 || n == 1) ? 0 : 1`)."""
    rule = (locale if isinstance(locale, Locale) else Locale.parse(locale)).plural_form
    tags = plural_tags(locale)
    parts: list[tuple[Expr, int] | None] = []
    for tag, ast in rule.abstract:
        condition = _compile(ast)
        if condition is False:
            continue
        if condition is True:
            parts.append(None)
            break
        parts.append((condition, tags.index(tag)))
    expression = _c(tags.index("other"))
    for part in reversed(parts):
        expression = _c(tags.index("other")) if part is None else f"{_strip(part[0])} ? {part[1]} : {expression}"
    if len(tags) == 1:
        expression = "0"
    return f"nplurals={len(tags)}; plural={expression};"


def _strip(condition: str) -> str:
    """Drop one pair of parentheses around a whole condition, when they are its outermost pair."""
    if condition.startswith("(") and condition.endswith(")"):
        depth = 0
        for i, ch in enumerate(condition):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(condition) - 1:
                return condition
        return condition[1:-1]
    return condition


HEADER_RE = re.compile(r"^\s*nplurals\s*=\s*(?P<n>[0-9]{1,2})\s*;\s*plural\s*=\s*(?P<expr>[^;]+?)\s*;?\s*$")


def parse_plural_forms(header: str) -> tuple[int, Any]:
    """(nplurals, function of n) of a catalog's Plural-Forms header; ValueError if it is malformed."""
    if len(header) > MAX_HEADER_CHARS:
        raise ValueError(f"the header is {len(header):,} characters long")
    match = HEADER_RE.match(header)
    if match is None:
        raise ValueError("it is not of the form 'nplurals=N; plural=EXPRESSION;' with N from 1 to 99")
    try:
        function = gettext.c2py(match["expr"])
    except (ValueError, SyntaxError, RecursionError) as exc:
        raise ValueError(f"the plural expression is not valid C: {exc}") from None
    return int(match["n"]), function


def plural_problem(header: str, locale: str) -> str | None:
    """Why a catalog's Plural-Forms header disagrees with CLDR, or None when it agrees."""
    expected = cldr_plural_forms(locale)
    try:
        count, function = parse_plural_forms(header)
    except ValueError as exc:
        return f"Plural-Forms is broken ({exc}); for {locale} CLDR gives '{expected}'"
    wanted_count, wanted = parse_plural_forms(expected)
    if count != wanted_count:
        return f"Plural-Forms says nplurals={count}, but CLDR gives {locale} {wanted_count} forms: use '{expected}'"
    for n in SAMPLE_NUMBERS:
        try:
            got = function(n)
        except (ArithmeticError, RecursionError):
            return f"Plural-Forms fails for n = {n}; use '{expected}'"
        if got != wanted(n):
            return (f"Plural-Forms puts {n} in form {got}, CLDR in form {wanted(n)} (CLDR's order: zero, one, "
                    f"two, few, many, other): use '{expected}'")
    return None
