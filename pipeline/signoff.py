"""Record a qualified reviewer's sign-off: in a catalog's header, or for English in the source.

A catalog gets `X-Review-Status: reviewed`, `X-Reviewer`, `X-Reviewer-Role`, `X-Review-Date` and
`X-Review-Digest`, a fingerprint of the translations as reviewed, so that any later change to
them undoes the sign-off (see `quality`). The English source gets `document.signoff` in its
YAML. A sign-off is refused while the checks still find something that blocks publishing:
nobody signs off a text with a fuzzy string or a changed dose.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from .catalogs import (REVIEW_DATE, REVIEW_DIGEST, REVIEW_HEADER, REVIEWER, REVIEWER_ROLE, content_digest,
                       load_catalog, set_headers)
from .errors import LeafletError, display_path
from .localize import SOURCE_LOCALE
from .project import Project
from .quality import SIGNOFF_KINDS, assess
from .source import load_document


def signoff_date(value: str | None, today: dt.date | None = None) -> str:
    """The review date as YYYY-MM-DD: today by default, never in the future."""
    today = today or dt.date.today()
    if not value:
        return today.isoformat()
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise LeafletError(f"--date '{value}' is not a date written YYYY-MM-DD") from None
    if date > today:
        raise LeafletError(f"--date {value} is in the future; give the day the review was done")
    return date.isoformat()


def _field(value: str, option: str) -> str:
    value = " ".join(value.split())
    if not value or any(not ch.isprintable() for ch in value):
        raise LeafletError(f"{option} must be a non-empty line of printable text")
    return value


def approve(project: Project, locale: str, reviewer: str, role: str, date: str | None = None) -> str:
    """Record the sign-off of `locale`; return what was written where. Refuses if not otherwise ready."""
    reviewer, role = _field(reviewer, "--reviewer"), _field(role, "--role")
    day = signoff_date(date)
    (report,) = assess(project, [locale], posters=True)
    blocking = [str(r) for r in report.reasons if r.kind not in SIGNOFF_KINDS]
    if blocking:
        raise LeafletError(f"{locale} cannot be signed off yet:\n  - " + "\n  - ".join(blocking))
    if locale == SOURCE_LOCALE:
        _write_source_signoff(project, reviewer, role, day)
        return f"{display_path(project.document_file)}: document.signoff"
    path = project.catalog(locale)
    catalog = load_catalog(path, locale)
    set_headers(path, {REVIEW_HEADER: "reviewed", REVIEWER: reviewer, REVIEWER_ROLE: role, REVIEW_DATE: day,
                       REVIEW_DIGEST: content_digest(catalog)})
    return f"{display_path(path)}: {REVIEW_HEADER}, {REVIEWER}, {REVIEWER_ROLE}, {REVIEW_DATE}, {REVIEW_DIGEST}"


SIGNOFF_RE = re.compile(r"^(?P<indent>[ \t]+)signoff:[ \t]*\n(?P<body>(?:(?P=indent)[ \t]+.*\n|[ \t]*#.*\n)*)",
                        re.MULTILINE)


def _write_source_signoff(project: Project, reviewer: str, role: str, day: str) -> None:
    """Fill in reviewer, role and date under `document.signoff`, leaving the rest of the file as it is."""
    path = project.document_file
    original = path.read_text(encoding="utf-8")
    match = SIGNOFF_RE.search(original)
    if match is None:
        raise LeafletError("no `signoff:` block under `document:`; add one with reviewer, role and date "
                           "(see the file's header)", display_path(path))
    body = match["body"]
    for key, value in (("reviewer", reviewer), ("role", role), ("date", day)):
        body, n = re.subn(rf"^([ \t]+{key}:).*$", lambda m: f"{m[1]} {json.dumps(value, ensure_ascii=False)}",
                          body, count=1, flags=re.MULTILINE)
        if n == 0:
            raise LeafletError(f"`document.signoff` has no `{key}:` line; add it", display_path(path))
    path.write_text(original[:match.start("body")] + body + original[match.end("body"):], encoding="utf-8")
    try:
        signed = load_document(path).meta.signoff
    except LeafletError:
        path.write_text(original, encoding="utf-8")
        raise
    if (signed.reviewer, signed.role, signed.date) != (reviewer, role, day):
        path.write_text(original, encoding="utf-8")
        raise LeafletError("could not record the sign-off in document.signoff; edit it by hand",
                           display_path(path))
