"""Whether a text was reviewed, and by whom: what the outputs print about it.

Plain data. The review stage (pipeline.review) decides it by verifying signatures; the layouts
print a draft notice or the reviewer's line from it; nothing else may claim a review.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Review:
    reviewed: bool = False
    reviewer: str = ""  # the name the clinic's reviewers list gives the signer
    role: str = ""
    date: str = ""  # YYYY-MM-DD, checked
    why_draft: str = ""  # why it is not (or no longer) reviewed, for staff
    #: What is unreviewed: "translation" (the translation, or the layouts' words in it) or
    #: "source" (only the English it translates): the draft notice says which.
    draft_of: str = "translation"

    @property
    def is_draft(self) -> bool:
        return not self.reviewed


DRAFT = Review(False, why_draft="no sign-off recorded")
