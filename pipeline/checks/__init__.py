"""Stage 5, checks: every finding about a translation or a printed page, in one shape.

In: the source, the catalogs, the fonts, and the rendered PDFs (or WeasyPrint's laid-out boxes).
Out: `Finding`s, each naming the file and line (a `.po` entry) or page (a PDF), the check and
its severity, what is wrong and what to do. Every check is registered once here (`register`),
with its severity and scope, like Babel's checkers: the per-string checks (`strings`, and
`terminology`, which holds translations to the locale's terminology list), those on a catalog
as a whole (`catalog`), the poster fit (`poster`) and the print preflight (`preflight`).
Severities: `critical` blocks publishing (and printing); `functional` means the output is
incomplete or reads worse than it should; `cosmetic` is worth fixing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SEVERITIES = ("critical", "functional", "cosmetic")


@dataclass(frozen=True)
class Finding:
    severity: str
    check: str
    message: str
    path: str  # the catalog, the source, or the PDF the finding is about
    line: int | None = None
    msgctxt: str = ""
    page: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.page:
            where += f": page {self.page}"
        context = f" [{self.msgctxt}]" if self.msgctxt else ""
        return f"{where}: {self.severity}: {self.check}{context}: {self.message}"


@dataclass(frozen=True)
class Check:
    name: str
    severity: str  # the default; a preflight check may grade a finding itself
    scope: str  # "string", "catalog", "render" (poster fit) or "page" (preflight)
    about: str  # one line: what it finds
    fn: Callable | None = None


REGISTRY: dict[str, Check] = {}


def register(name: str, severity: str, scope: str, about: str) -> Callable:
    """Register a check (a decorator for functions; also usable as a plain call with fn=None)."""
    if severity not in SEVERITIES:
        raise ValueError(f"{name}: unknown severity {severity}")

    def add(fn: Callable | None) -> Callable | None:
        if name in REGISTRY:
            raise ValueError(f"check {name} is registered twice")
        REGISTRY[name] = Check(name, severity, scope, about, fn)
        return fn
    return add


def severity_of(check: str) -> str:
    return REGISTRY[check].severity


def unsilenceable() -> frozenset[str]:
    """What a translator's `ignore-<check>` cannot silence: whatever blocks publishing."""
    return frozenset({c.name for c in REGISTRY.values() if c.severity == "critical"} | {"untranslated", "fuzzy"})


def count(findings: list[Finding] | tuple[Finding, ...], severity: str) -> int:
    return sum(f.severity == severity for f in findings)
