"""A sign-off: a reviewer's signed statement of what they reviewed, and checking one.

The statement names the domain (a document, or the layouts' words) and locale, the document's
version, the reviewer, their role, the day, and fingerprints of everything it vouches for:
the English source (a clinician's sign-off, and the English every translation was reviewed
against) and, for a translation, the catalog's entries. It is kept, signed, beside the catalog
(`locales/<locale>/<domain>.signoff`). Any change to a covered byte, to the reviewer fields or
to the English makes the check fail, and the locale is a draft again, saying why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import LeafletError, display_path
from ..files import read_text, write_atomically
from ..model.review import Review
from . import ssh
from .reviewers import Reviewer

FORMAT = "leaflets sign-off 1"
FIELDS = ("domain", "locale", "version", "reviewer", "name", "role", "date", "english", "translation")
MAX_SIGNOFF_BYTES = 20_000
#: No review is dated before this day whatever a document says (a typo guard: 0001-01-01).
EARLIEST = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Statement:
    domain: str
    locale: str
    version: str  # the document's version ("-" for the layouts' words)
    reviewer: str  # the reviewer's id in sources/reviewers.yaml
    name: str
    role: str
    date: str  # YYYY-MM-DD
    english: str  # fingerprint of the English reviewed (or translated)
    translation: str = "-"  # fingerprint of the catalog's entries ("-" for English)

    def text(self) -> str:
        """The exact text that is signed: one `field: value` line each, after a format line."""
        lines = [FORMAT] + [f"{name}: {getattr(self, name)}" for name in FIELDS]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Subject:
    """What a sign-off of one domain in one locale must match today."""

    domain: str
    locale: str
    version: str
    english: str
    translation: str  # "-" for English
    earliest: dt.date  # the document's creation day


def parse(text: str) -> tuple[Statement, str]:
    """(statement, armored signature) of a sign-off file; ValueError saying what is wrong."""
    head, marker, rest = text.partition("-----BEGIN SSH SIGNATURE-----")
    if not marker:
        raise ValueError("it holds no signature")
    lines = [line for line in head.split("\n") if line and not line.startswith("#")]
    if not lines or lines[0] != FORMAT:
        raise ValueError(f"its first line is not '{FORMAT}'")
    values: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(": ")
        if not sep or name not in FIELDS or name in values:
            raise ValueError(f"the line '{line[:60]}' is not one of its fields, or appears twice")
        if any(not ch.isprintable() for ch in value):
            raise ValueError(f"the field {name} holds a character that is not printable")
        values[name] = value
    missing = [name for name in FIELDS if name not in values]
    if missing:
        raise ValueError(f"it lacks {', '.join(missing)}")
    return Statement(**values), marker + rest


def check(path: Path, root: Path, subject: Subject, reviewers: tuple[Reviewer, ...],
          today: dt.date | None = None) -> Review:
    """The review a sign-off file records, or a draft with the reason it does not count."""
    if not path.exists() and not path.is_symlink():
        return Review(False, why_draft=f"no sign-off recorded ({display_path(path)})")
    try:
        statement, signature = parse(read_text(path, root, MAX_SIGNOFF_BYTES, "sign-off"))
    except LeafletError as exc:
        return Review(False, why_draft=f"the sign-off cannot be read: {exc}")
    except ValueError as exc:
        return Review(False, why_draft=f"the sign-off {display_path(path)} is malformed: {exc}")
    problem = _problem(statement, signature, subject, reviewers, today or dt.date.today())
    if problem:
        return Review(False, why_draft=f"{display_path(path)}: {problem}")
    return Review(True, statement.name, statement.role, statement.date)


def _problem(statement: Statement, signature: str, subject: Subject, reviewers: tuple[Reviewer, ...],
             today: dt.date) -> str | None:
    if (statement.domain, statement.locale) != (subject.domain, subject.locale):
        return (f"it signs off {statement.domain} in {statement.locale}, not {subject.domain} in "
                f"{subject.locale}; it was copied from elsewhere")
    reviewer = next((r for r in reviewers if r.id == statement.reviewer), None)
    if reviewer is None:
        return f"the reviewer '{statement.reviewer[:60]}' is not in the clinic's reviewers list"
    if not reviewer.may_sign(subject.locale):
        return f"{reviewer.name} may sign off {', '.join(reviewer.signs)}, not {subject.locale}"
    verdict = ssh.verify(statement.text().encode("utf-8"), signature, reviewer.id, reviewer.key)
    if verdict:
        return f"{verdict} (was the file edited after signing?)"
    if (statement.name, statement.role) != (reviewer.name, reviewer.role):
        return "the name or role differs from the clinic's reviewers list; sign it off again"
    date_problem = check_date(statement.date, subject.earliest, today)
    if date_problem:
        return date_problem
    if statement.version != subject.version:
        return f"it signs off version {statement.version}, the document is now {subject.version}; review the changes"
    if statement.english != subject.english:
        return "the English changed since it was signed off; review the changes, then sign it off again"
    if statement.translation != subject.translation:
        return "the translations changed since they were signed off; review them, then sign it off again"
    return None


def check_date(value: str, earliest: dt.date, today: dt.date) -> str | None:
    """Why a review date cannot be right, or None: a real day, not in the future, not before the
    document existed."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"the date '{value[:20]}' is not written YYYY-MM-DD"
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return f"the date {value} is not a real day"
    if day > today:
        return f"the date {value} is in the future"
    if day < max(earliest, EARLIEST):
        return f"the date {value} is before the document existed ({max(earliest, EARLIEST).isoformat()})"
    return None


def write(path: Path, root: Path, statement: Statement, signature: str) -> None:
    """Keep a signed statement beside the catalog it covers."""
    header = ("# A reviewer's signed sign-off (see README, 'Review and sign-off'). Do not edit: any change\n"
              "# makes it invalid. To sign off again: make approve.\n")
    write_atomically(path, (header + statement.text() + signature).encode("utf-8"), root)
