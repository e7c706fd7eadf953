"""A reviewer signs off a translation (or a clinician the English) with their own SSH key.

The sign-off is refused while the checks still find something that blocks publishing in what
is signed (nobody signs off a text with a fuzzy string or a changed dose), when the key is not
the key the clinic lists for a reviewer of that language, and for a date in the future or
before the document existed. The name and role written come from the clinic's reviewers list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import LeafletError, display_path
from ..project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project
from ..review import signoff as signoffs
from ..review import ssh, subject_of
from ..review.reviewers import Reviewer
from .gate import _Gate


def signer(reviewers: tuple[Reviewer, ...], key: Path, locale: str, reviewers_file: str) -> Reviewer:
    """The clinic's reviewer whose public key `key` is, allowed to sign `locale`."""
    public = ssh.public_key(key)
    reviewer = next((r for r in reviewers if r.key == public), None)
    if reviewer is None:
        raise LeafletError(f"this key is not one the clinic lists in {reviewers_file}; ask the clinic to add your "
                           "public key (the line of your .pub file) with your name, role and languages",
                           display_path(key))
    if not reviewer.may_sign(locale):
        what = "the English sources (a clinician's sign-off)" if locale == SOURCE_LOCALE else locale
        raise LeafletError(f"{reviewer.name} may sign off {', '.join(reviewer.signs)} in {reviewers_file}, not {what}")
    return reviewer


def approve(project: Project, domain: str, locale: str, key: Path, date: str | None = None,
            today: dt.date | None = None) -> Path:
    """Sign off `domain` (a document, or the layouts' words) in `locale`; return the file written."""
    today = today or dt.date.today()
    gate = _Gate(project, posters=domain != LAYOUTS_DOMAIN)
    document = gate.document(domain) if domain != LAYOUTS_DOMAIN else None
    reviewer = signer(gate.reviewers, key, locale, display_path(project.reviewers_file))
    day = date or today.isoformat()
    problem = signoffs.check_date(day, document.meta.created if document else signoffs.EARLIEST, today)
    if problem:
        raise LeafletError(f"--date: {problem}; give the day the review was done")

    report = gate.domain(domain, locale)
    if report.error:
        raise LeafletError(f"{domain} in {locale} cannot be signed off: {report.error}")
    blocking = [f for f in report.findings if f.severity == "critical" or f.check in ("untranslated", "fuzzy")]
    if document is not None:  # its poster must fit, in the language as it will be printed
        leaflet = gate.leaflet(domain, locale)
        blocking += [f for f in leaflet.findings if f.check == "poster-fit"]
    if blocking:
        listed = "\n  - ".join(str(f) for f in blocking[:20])
        more = f"\n  ... and {len(blocking) - 20} more" if len(blocking) > 20 else ""
        raise LeafletError(f"{domain} in {locale} cannot be signed off yet:\n  - {listed}{more}")

    subject = subject_of(domain, locale, document, gate.strings, report.catalog)
    statement = signoffs.Statement(domain, locale, subject.version, reviewer.id, reviewer.name, reviewer.role, day,
                                   subject.english, subject.translation)
    signature = ssh.sign(statement.text().encode("utf-8"), key)
    if ssh.verify(statement.text().encode("utf-8"), signature, reviewer.id, reviewer.key):
        raise LeafletError("the signature made with this key does not verify against the key the clinic lists",
                           display_path(key))
    path = project.signoff_file(locale, domain)
    signoffs.write(path, project.root, statement, signature)
    return path
