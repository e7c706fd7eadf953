"""The clinic's list of qualified reviewers and their public keys (`sources/reviewers.yaml`).

Only the clinic edits this file (it is reviewed like code): it says who may sign off which
languages, under which name and role. A sign-off prints the name and role from here, never
what a signer typed, so a signature cannot promote its maker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model.yamlreader import Reader, load
from .ssh import key_blob

PRINCIPAL_RE = re.compile(r"^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9.-]{1,100}$")
#: `signs` may list locales, or this word for every language (a clinic's lead translator).
EVERY_LOCALE = "all"


@dataclass(frozen=True)
class Reviewer:
    id: str  # an email-like principal, as in an SSH allowed-signers file
    name: str
    role: str
    signs: tuple[str, ...]  # locales ("en": the English sources, a clinician's sign-off)
    key: str  # "type blob" of the public key

    def may_sign(self, locale: str) -> bool:
        return locale in self.signs or (EVERY_LOCALE in self.signs and locale != "en")


def load_reviewers(path: Path, root: Path) -> tuple[Reviewer, ...]:
    """The reviewers the clinic trusts; none if the file does not exist yet."""
    if not path.exists() and not path.is_symlink():
        return ()
    node, shown = load(path, root)
    reader = Reader(shown)
    top = reader.mapping(node, "top level", required=("reviewers",))
    reviewers: list[Reviewer] = []
    items = top.get("reviewers")
    if items is not None and not (hasattr(items, "value") and items.value in ("", [])):
        for item in reader.sequence(items, "reviewers"):
            f = reader.mapping(item, "reviewers", required=("id", "name", "role", "signs", "key"))
            rid = reader.scalar(f.get("id"), "reviewers.id")
            if "id" in f and not PRINCIPAL_RE.match(rid):
                reader.error(f["id"], f"reviewers.id: '{rid[:60]}' must be an email-like id such as "
                                      "a.sharma@riverside.example")
            if any(r.id == rid for r in reviewers):
                reader.error(f["id"], f"reviewers.id: '{rid}' is listed twice")
            signs = tuple(reader.scalar(n, "reviewers.signs") for n in reader.sequence(f.get("signs"), "reviewers.signs"))
            raw_key = reader.scalar(f.get("key"), "reviewers.key")
            try:
                key = key_blob(raw_key)
            except ValueError as exc:
                key = ""
                if "key" in f:
                    reader.error(f["key"], f"reviewers.key: {exc}; paste the reviewer's .pub file's line")
            reviewers.append(Reviewer(rid, reader.printed(f.get("name"), "reviewers.name"),
                                      reader.printed(f.get("role"), "reviewers.role"), signs, key))
    reader.raise_errors()
    return tuple(reviewers)
