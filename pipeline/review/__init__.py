"""Stage 3, trust: whether a qualified person signed off what a leaflet prints.

In: the signed sign-offs beside the catalogs (`locales/<locale>/<domain>.signoff`, English
too), the clinic's reviewers list (`sources/reviewers.yaml`), the source and the catalogs.
Out: a `Review` per leaflet and locale: reviewed (by whom, in what role, when) or a draft and
why. A leaflet in a translation counts as reviewed only when its translation and the layouts'
words are signed off in that language and the English both translate is signed off by a
clinician; the English leaflet, when its source and the layouts' English are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..i18n.catalogs import Catalog
from ..i18n.extract import LayoutString
from ..model.document import Document, content_digest
from ..model.review import Review
from ..project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project
from .reviewers import Reviewer, load_reviewers
from .signoff import Statement, Subject, check

__all__ = ["Review", "Reviewer", "Statement", "Subject", "layouts_digest", "leaflet_review", "load_reviewers",
           "subject_of"]


def layouts_digest(strings: tuple[LayoutString, ...]) -> str:
    """A fingerprint of the layouts' English words, which a clinician's layouts sign-off covers."""
    data = json.dumps(sorted([s.msgctxt, s.msgid] for s in strings), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def subject_of(domain: str, locale: str, document: Document | None, strings: tuple[LayoutString, ...],
               catalog: Catalog | None) -> Subject:
    """What a sign-off of `domain` in `locale` must cover today. `document` is None for the
    layouts' words; `catalog` is None for English."""
    if domain == LAYOUTS_DOMAIN or document is None:
        english, version, earliest = layouts_digest(strings), "-", dt.date(2020, 1, 1)
    else:
        english, version, earliest = content_digest(document), document.meta.version, document.meta.created
    return Subject(domain, locale, version, english, catalog.digest() if catalog else "-", earliest)


@dataclass(frozen=True)
class Reviews:
    """Every sign-off a build needs, checked once: (domain, locale) -> Review."""

    by_key: dict[tuple[str, str], Review]

    def leaflet(self, document: str, locale: str) -> Review:
        return leaflet_review(self.by_key, document, locale)


def check_signoff(project: Project, subject: Subject, reviewers: tuple[Reviewer, ...],
                  today: dt.date | None = None) -> Review:
    path: Path = project.signoff_file(subject.locale, subject.domain)
    return check(path, project.root, subject, reviewers, today)


def leaflet_review(reviews: dict[tuple[str, str], Review], document: str, locale: str) -> Review:
    """The review a leaflet prints: its own words and the layouts' words signed off in its
    language, and (for a translation) the English both translate, by a clinician."""
    parts = [(document, locale), (LAYOUTS_DOMAIN, locale)]
    english = [(document, SOURCE_LOCALE), (LAYOUTS_DOMAIN, SOURCE_LOCALE)]
    own = [reviews.get(key, Review(False, why_draft="not checked")) for key in parts]
    source = [reviews.get(key, Review(False, why_draft="not checked")) for key in english]
    if locale == SOURCE_LOCALE:
        source = []
    failing = [r for r in (*own, *source) if r.is_draft]
    if not failing:
        main = own[0]
        return Review(True, main.reviewer, main.role, main.date)
    kind = "source" if locale == SOURCE_LOCALE or all(not r.is_draft for r in own) else "translation"
    return Review(False, why_draft="; ".join(dict.fromkeys(r.why_draft for r in failing)), draft_of=kind)
