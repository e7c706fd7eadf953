"""The document model: what a source says, as small frozen dataclasses.

Each translatable text is a `Text` that knows its key path (the msgctxt), its translator
note, its length limit and its line, so every later stage can say where a problem comes from.
Localizing (pipeline.i18n.localize) copies the tree with every `Text` replaced by its
translation; nothing here knows about catalogs or layouts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

#: Placeholders a text may hold: names of `terms`, written %(name)s (python-format).
PLACEHOLDER_RE = re.compile(r"%\((?P<name>[a-z][a-z0-9_]*)\)s")


@dataclass(frozen=True)
class Text:
    """One translatable text of the source."""

    key: str  # stable key path, used as msgctxt
    english: str
    line: int
    note: str = ""
    max_chars: int | None = None

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(m["name"] for m in PLACEHOLDER_RE.finditer(self.english))


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    id: str
    text: Text


@dataclass(frozen=True)
class Callout:
    kind: ClassVar[str] = "callout"
    id: str
    text: Text
    tone: str  # "reassure" or "action"


@dataclass(frozen=True)
class Item:
    id: str
    text: Text
    lead: Text | None = None


@dataclass(frozen=True)
class ItemList:
    kind: ClassVar[str] = "list"
    id: str
    items: tuple[Item, ...]
    numbered: bool = False
    intro: Text | None = None
    heading: Text | None = None


@dataclass(frozen=True)
class Medicine:
    """A generic name and its brand: data, never translated."""

    generic: str
    brand: str


@dataclass(frozen=True)
class DrugRow:
    id: str
    drug_class: Text
    medicines: tuple[Medicine, ...]


@dataclass(frozen=True)
class DrugTable:
    kind: ClassVar[str] = "drugs"
    id: str
    caption: Text
    rows: tuple[DrugRow, ...]

    @property
    def body_rows(self) -> int:
        """The rows printed under the column headings: a heading row per type of medicine and a
        row per medicine (the layouts keep a table of five or fewer whole on one page)."""
        return sum(1 + len(row.medicines) for row in self.rows)


Block = Paragraph | Callout | ItemList | DrugTable


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PosterGroup:
    id: str
    heading: Text
    items: tuple[Text, ...]
    tone: str = "info"


@dataclass(frozen=True)
class Poster:
    headline: Text
    lead: Text
    groups: tuple[PosterGroup, ...]


@dataclass(frozen=True)
class KeyPoints:
    """The leaflet's summary on page 1: a heading and three or four short points, each a Text
    keyed `key_points.<id>`."""

    heading: Text
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Name:
    """A medicine's name in the reader's language, which its translators set (msgctxt
    `term.<id>`): `english` is the name as the source writes it (a `terms` value or a generic
    name of the drug table, the English INN), `text` its local form (a Text in the source, the
    translation once localized). Brand names have none: they never change."""

    id: str
    english: str
    text: Text


@dataclass(frozen=True)
class Meta:
    id: str
    version: str
    published: dt.date
    review_due: dt.date
    title: Text
    subtitle: Text
    credit: Text
    publisher: str
    #: The day the document was first written: no sign-off can be older.
    created: dt.date


@dataclass(frozen=True)
class Document:
    meta: Meta
    terms: tuple[tuple[str, str], ...]
    key_points: KeyPoints | None
    sections: tuple[Section, ...]
    poster: Poster
    names: tuple[Name, ...] = ()
    path: str = ""

    def texts(self) -> Iterator[Text]:
        """Every translatable text, in the order of the file (the medicine names last)."""
        yield from iter_texts(self)

    def local_name(self, english: str) -> Any:
        """The local form of a medicine name (`Name.text`: a Text, or its translation once
        localized), or the name itself where the source gives it no local form."""
        return next((name.text for name in self.names if name.english == english), english)


def iter_texts(value: Any, kind: type = Text) -> Iterator[Any]:
    """Walk a tree of source dataclasses and tuples, yielding each `Text` in order (or each
    `kind`: a localized tree holds its translations where the source has a Text)."""
    if isinstance(value, kind):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from iter_texts(item, kind)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from iter_texts(getattr(value, field.name), kind)


def replace_texts(value: Any, fn: Callable[[Text], Any]) -> Any:
    """Copy a tree of frozen source dataclasses, replacing each `Text` by `fn(text)`."""
    if isinstance(value, Text):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(replace_texts(v, fn) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: replace_texts(getattr(value, f.name), fn)
                                             for f in dataclasses.fields(value) if f.init})
    return value


#: Fields that are about the file, not about what is printed: a digest of the content leaves
#: them out, so moving a text to another line or editing a translator's note changes nothing.
_NOT_PRINTED = frozenset({"line", "note", "max_chars", "path"})


def content_digest(document: Document) -> str:
    """A fingerprint of everything the document prints: texts, terms, medicines, dates, version.

    A clinician's sign-off of the English and every translation's sign-off record it, so any
    change to the English (a word, a dose, the version) returns them to draft.
    """
    def plain(value: Any) -> Any:
        if isinstance(value, Text):
            return [value.key, value.english]
        if isinstance(value, (dt.date, str, int, float, bool)) or value is None:
            return str(value) if isinstance(value, dt.date) else value
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                    if f.name not in _NOT_PRINTED}
        raise TypeError(f"cannot fingerprint {type(value).__name__}")

    data = json.dumps(plain(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()
