"""Load the structured guidance and the clinic's branding from YAML, keeping line numbers.

The YAML is read with PyYAML's safe composer, so no tag can build a Python object, and every
value is taken as the text written in the file (no `no` -> False surprises). Each translatable
text becomes a `Text` that knows its key path (the msgctxt), its translator note, its length
limit and its line, so every later stage can say where a problem comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, ClassVar, Iterator

import yaml

from .errors import LeafletError, LeafletErrors, display_path

#: Placeholders a text may hold: names of `terms`, written %(name)s (python-format).
PLACEHOLDER_RE = re.compile(r"%\((?P<name>[a-z][a-z0-9_]*)\)s")
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_SOURCE_BYTES = 1_000_000
PAPER_CHOICES = ("auto", "a4", "letter")
CMYK_RE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s+(\d{1,3}(?:\.\d+)?)\s+(\d{1,3}(?:\.\d+)?)\s+(\d{1,3}(?:\.\d+)?)")
#: What a web address in a QR code may hold: https, a host, and a path of safe characters.
URL_PATTERN_RE = re.compile(r"https://[a-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~{}/-]*)?")
URL_FIELDS = ("{locale}", "{lang}", "{document}")


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
class SignOff:
    reviewer: str = ""
    role: str = ""
    date: str = ""

    @property
    def signed(self) -> bool:
        return bool(self.reviewer and self.role and self.date)


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
    signoff: SignOff


@dataclass(frozen=True)
class Document:
    meta: Meta
    terms: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    poster: Poster
    path: str = ""

    def texts(self) -> Iterator[Text]:
        """Every translatable text, in the order of the file."""
        yield from iter_texts(self)


@dataclass(frozen=True)
class Clinic:
    """The branding: changing `sources/clinic.yaml` rebrands every output."""

    name: str
    logo: str  # path relative to layouts/
    logo_alt: str
    colours: tuple[tuple[str, str], ...]
    phone: str
    address: tuple[str, ...]
    website: str
    email: str = ""
    path: str = field(default="", compare=False)
    #: ISO 3166 country where the clinic prints; with `paper: auto` it picks A4 or US Letter.
    territory: str = "GB"
    paper: str = "auto"  # "auto", "a4" or "letter"
    #: The clinic's web page for one language: {locale} (folder name) or {lang} (BCP 47 tag).
    leaflet_url: str = ""
    #: Exact CMYK values (0-100 each) for the print shop, by colour name; others are converted.
    print_colours: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()

    def colour(self, name: str) -> str:
        return dict(self.colours)[name]

    def page_url(self, locale: str, lang_tag: str, document_id: str) -> str:
        """The clinic's page for this document in one language (what the QR code opens)."""
        return (self.leaflet_url.replace("{locale}", locale).replace("{lang}", lang_tag)
                .replace("{document}", document_id))


def iter_texts(value) -> Iterator[Text]:
    """Walk a tree of source dataclasses and tuples, yielding each `Text` in order."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from iter_texts(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from iter_texts(getattr(value, name))


class _Reader:
    """Typed access to composed YAML nodes that reports problems with file and line."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[LeafletError] = []

    def error(self, node: yaml.Node, message: str) -> None:
        self.errors.append(LeafletError(message, self.path, node.start_mark.line + 1))

    def mapping(self, node: yaml.Node, where: str, required=(), optional=()) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where}: expected a mapping of keys to values")
            return {}
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in result:
                self.error(key_node, f"{where}: key '{key}' appears twice")
            elif key not in (*required, *optional):
                allowed = ", ".join(sorted((*required, *optional)))
                self.error(key_node, f"{where}: unknown key '{key}' (allowed: {allowed})")
            else:
                result[key] = value_node
        for key in required:
            if key not in result:
                self.error(node, f"{where}: missing key '{key}'")
        return result

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, f"{where}: expected a non-empty list")
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node | None, where: str, default: str = "") -> str:
        if node is None:
            return default
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{where}: expected a text value")
            return default
        return " ".join(node.value.split()) if node.style in (">", None) else node.value.strip()

    def ident(self, node: yaml.Node | None, where: str) -> str:
        value = self.scalar(node, where)
        if node is not None and not ID_RE.match(value):
            self.error(node, f"{where}: id '{value}' must be lower-case letters, digits and '-'")
        return value

    def date(self, node: yaml.Node | None, where: str) -> dt.date:
        value = self.scalar(node, where)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            if node is not None:
                self.error(node, f"{where}: '{value}' is not a date written YYYY-MM-DD")
            return dt.date(1970, 1, 1)


class _SourceReader(_Reader):
    def __init__(self, path: str):
        super().__init__(path)
        self.terms: dict[str, str] = {}
        self.keys: set[str] = set()

    def text(self, node: yaml.Node | None, key: str) -> Text:
        """A translatable text: a plain string, or a mapping with text, note and max."""
        if node is None:
            return Text(key, "", 0)
        note, max_chars, value_node = "", None, node
        if isinstance(node, yaml.MappingNode):
            fields = self.mapping(node, key, required=("text",), optional=("note", "max"))
            value_node = fields.get("text", node)
            note = self.scalar(fields.get("note"), f"{key}.note")
            if "max" in fields:
                raw = self.scalar(fields["max"], f"{key}.max")
                if raw.isdigit() and int(raw) > 0:
                    max_chars = int(raw)
                else:
                    self.error(fields["max"], f"{key}.max: '{raw}' is not a positive whole number")
        english = self.scalar(value_node, key)
        line = value_node.start_mark.line + 1
        if not english:
            self.error(value_node, f"{key}: the text is empty")
        if key in self.keys:
            self.error(value_node, f"{key}: this key path is used twice; give the item a unique id")
        self.keys.add(key)
        for name in PLACEHOLDER_RE.findall(english):
            if name not in self.terms:
                self.error(value_node, f"{key}: placeholder %({name})s is not defined under 'terms'")
        if "%" in PLACEHOLDER_RE.sub("", english):
            self.error(value_node, f"{key}: a '%' that is not a %(term)s placeholder; write '%%'")
        if re.search(r"[<>&]", english):
            self.error(value_node, f"{key}: write plain text without '<', '>' or '&' (use 'and')")
        return Text(key, english, line, note, max_chars)

    def item(self, node: yaml.Node, prefix: str) -> Item:
        fields = self.mapping(node, prefix, required=("id", "text"), optional=("lead", "note"))
        key = f"{prefix}.{self.ident(fields.get('id'), prefix)}"
        text = self.text(fields.get("text"), f"{key}.text")
        lead = self.text(fields["lead"], f"{key}.lead") if "lead" in fields else None
        if "note" in fields:  # an item's note concerns both its lead and its text
            note = self.scalar(fields["note"], f"{key}.note")
            text = Text(text.key, text.english, text.line, note, text.max_chars)
            lead = lead and Text(lead.key, lead.english, lead.line, note, lead.max_chars)
        return Item(key.rsplit(".", 1)[-1], text, lead)

    def block(self, node: yaml.Node, prefix: str) -> Block | None:
        kinds = ("p", "callout", "list", "drugs")
        fields = self.mapping(node, prefix, required=("id",), optional=(*kinds, "tone"))
        block_id = self.ident(fields.get("id"), prefix)
        key = f"{prefix}.{block_id}"
        present = [k for k in kinds if k in fields]
        if len(present) != 1:
            self.error(node, f"{key}: a block needs exactly one of {', '.join(kinds)}")
            return None
        kind = present[0]
        if kind == "p":
            return Paragraph(block_id, self.text(fields["p"], key))
        if kind == "callout":
            tone = self.scalar(fields.get("tone"), f"{key}.tone", "reassure")
            if tone not in ("reassure", "action"):
                self.error(fields["tone"], f"{key}.tone: '{tone}' must be 'reassure' or 'action'")
            return Callout(block_id, self.text(fields["callout"], key), tone)
        if kind == "list":
            lf = self.mapping(fields["list"], key, required=("items",), optional=("style", "intro", "heading"))
            style = self.scalar(lf.get("style"), f"{key}.style", "bullet")
            if style not in ("bullet", "numbered"):
                self.error(lf["style"], f"{key}.style: '{style}' must be 'bullet' or 'numbered'")
            return ItemList(
                block_id,
                tuple(self.item(n, key) for n in self.sequence(lf.get("items", node), f"{key}.items")),
                numbered=style == "numbered",
                intro=self.text(lf["intro"], f"{key}.intro") if "intro" in lf else None,
                heading=self.text(lf["heading"], f"{key}.heading") if "heading" in lf else None,
            )
        df = self.mapping(fields["drugs"], key, required=("caption", "rows"))
        rows = []
        for row_node in self.sequence(df.get("rows", node), f"{key}.rows"):
            rf = self.mapping(row_node, f"{key}.rows", required=("id", "class", "medicines"))
            row_key = f"{key}.{self.ident(rf.get('id'), key)}"
            medicines = []
            for med_node in self.sequence(rf.get("medicines", row_node), f"{row_key}.medicines"):
                mf = self.mapping(med_node, f"{row_key}.medicines", required=("generic", "brand"))
                medicines.append(Medicine(self.scalar(mf.get("generic"), "generic"),
                                          self.scalar(mf.get("brand"), "brand")))
            rows.append(DrugRow(row_key.rsplit(".", 1)[-1], self.text(rf.get("class"), f"{row_key}.class"),
                                tuple(medicines)))
        return DrugTable(block_id, self.text(df.get("caption"), f"{key}.caption"), tuple(rows))

    def section(self, node: yaml.Node) -> Section:
        fields = self.mapping(node, "sections", required=("id", "heading", "blocks"))
        sid = self.ident(fields.get("id"), "sections")
        blocks = [self.block(n, sid) for n in self.sequence(fields.get("blocks", node), f"{sid}.blocks")]
        return Section(sid, self.text(fields.get("heading"), f"{sid}.heading"),
                       tuple(b for b in blocks if b is not None))

    def poster(self, node: yaml.Node) -> Poster:
        fields = self.mapping(node, "poster", required=("headline", "lead", "sections"))
        groups = []
        for group_node in self.sequence(fields.get("sections", node), "poster.sections"):
            gf = self.mapping(group_node, "poster.sections", required=("id", "heading", "items"),
                              optional=("tone",))
            key = f"poster.{self.ident(gf.get('id'), 'poster.sections')}"
            items = []
            for item_node in self.sequence(gf.get("items", group_node), f"{key}.items"):
                item_id = ""
                if isinstance(item_node, yaml.MappingNode):
                    for k, v in item_node.value:
                        if k.value == "id":
                            item_id = self.ident(v, f"{key}.items")
                    item_node = yaml.MappingNode(item_node.tag, [(k, v) for k, v in item_node.value
                                                                 if k.value != "id"],
                                                 item_node.start_mark, item_node.end_mark)
                if not item_id:
                    self.error(item_node, f"{key}.items: each poster item needs an id")
                items.append(self.text(item_node, f"{key}.{item_id}"))
            tone = self.scalar(gf.get("tone"), f"{key}.tone", "info")
            groups.append(PosterGroup(key.split(".", 1)[1], self.text(gf.get("heading"), f"{key}.heading"),
                                      tuple(items), tone))
        return Poster(self.text(fields.get("headline"), "poster.headline"),
                      self.text(fields.get("lead"), "poster.lead"), tuple(groups))

    def document(self, root: yaml.Node) -> Document:
        top = self.mapping(root, "top level", required=("document", "terms", "sections", "poster"))
        terms_node = top.get("terms")
        if terms_node is not None:
            for name, value in self.mapping(terms_node, "terms",
                                            optional=tuple(k.value for k, _ in terms_node.value)).items():
                self.terms[name] = self.scalar(value, f"terms.{name}")
        d = self.mapping(top.get("document", root), "document",
                         required=("id", "version", "published", "review_due", "title", "subtitle", "source"),
                         optional=("signoff",))
        src = self.mapping(d.get("source", root), "document.source", required=("credit", "publisher"))
        so = self.mapping(d["signoff"], "document.signoff", optional=("reviewer", "role", "date")) \
            if "signoff" in d else {}
        meta = Meta(
            id=self.ident(d.get("id"), "document.id"),
            version=self.scalar(d.get("version"), "document.version"),
            published=self.date(d.get("published"), "document.published"),
            review_due=self.date(d.get("review_due"), "document.review_due"),
            title=self.text(d.get("title"), "document.title"),
            subtitle=self.text(d.get("subtitle"), "document.subtitle"),
            credit=self.text(src.get("credit"), "document.credit"),
            publisher=self.scalar(src.get("publisher"), "document.source.publisher"),
            signoff=SignOff(*(self.scalar(so.get(k), f"document.signoff.{k}") for k in ("reviewer", "role", "date"))),
        )
        if meta.review_due <= meta.published:
            self.error(d.get("review_due", root), "document.review_due: must come after 'published'")
        sections = tuple(self.section(n) for n in self.sequence(top.get("sections", root), "sections"))
        poster = self.poster(top.get("poster", root))
        return Document(meta, tuple(sorted(self.terms.items())), sections, poster, self.path)


def _compose(stream: IO[str] | str, path: str) -> yaml.Node:
    try:
        node = yaml.compose(stream, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise LeafletError(f"not valid YAML: {exc.problem or exc.context}", path,
                           mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise LeafletError(f"not valid YAML: {exc}", path) from None
    if node is None:
        raise LeafletError("the file is empty", path)
    return node


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LeafletError(f"cannot read the file: {exc.strerror}", display_path(path)) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise LeafletError(f"the file is larger than {MAX_SOURCE_BYTES} bytes", display_path(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LeafletError("not UTF-8 text; save the file as UTF-8", display_path(path), line) from None


def parse_document(stream: IO[str] | str, path: str) -> Document:
    """Parse and validate a guidance source, reporting every problem at once."""
    reader = _SourceReader(path)
    document = reader.document(_compose(stream, path))
    if reader.errors:
        raise LeafletErrors(reader.errors)
    return document


def load_document(path: Path) -> Document:
    return parse_document(_read(path), display_path(path))


def url_pattern_problems(pattern: str) -> list[str]:
    """Why a web-address pattern cannot go into a QR code, or nothing when it can."""
    if not URL_PATTERN_RE.fullmatch(pattern):
        return [f"'{pattern}' must be an https:// address of letters, digits and . _ ~ / - "
                "with {locale} or {lang} where the language goes"]
    fields = re.findall(r"\{[^{}]*\}", pattern)
    unknown = sorted(set(fields) - set(URL_FIELDS))
    problems = [f"unknown field {', '.join(unknown)} (allowed: {', '.join(URL_FIELDS)})"] if unknown else []
    if "{locale}" not in fields and "{lang}" not in fields:
        problems.append("must contain {locale} or {lang}, so each language gets its own page")
    if re.sub(r"\{[a-z]+\}", "", pattern).count("{") or re.sub(r"\{[a-z]+\}", "", pattern).count("}"):
        problems.append("has a stray '{' or '}'")
    return problems


def load_clinic(path: Path, layouts_dir: Path) -> Clinic:
    """Load and validate the branding; the logo must be a file under `layouts/`."""
    shown = display_path(path)
    reader = _Reader(shown)
    root = _compose(_read(path), shown)
    f = reader.mapping(root, "clinic", required=("name", "logo", "logo_alt", "colours", "phone", "address",
                                                 "website", "territory", "leaflet_url"),
                       optional=("email", "paper", "print_colours"))
    colours = {}
    if "colours" in f:
        cf = reader.mapping(f["colours"], "colours", required=("primary", "accent", "tint"))
        for name, node in cf.items():
            value = reader.scalar(node, f"colours.{name}")
            if not COLOUR_RE.match(value):
                reader.error(node, f"colours.{name}: '{value}' must be a colour written #RRGGBB")
            colours[name] = value
    logo = reader.scalar(f.get("logo"), "logo")
    if "logo" in f:
        resolved = (layouts_dir / logo).resolve()
        if not resolved.is_relative_to(layouts_dir.resolve()) or not resolved.is_file():
            reader.error(f["logo"], f"logo: '{logo}' must be an image file under layouts/ (e.g. brand/logo.svg)")
    website = reader.scalar(f.get("website"), "website")
    if "website" in f and not re.match(r"^https?://[^\s<>\"']+$", website):
        reader.error(f["website"], f"website: '{website}' must be a web address starting with https://")
    address = tuple(reader.scalar(n, "address") for n in reader.sequence(f.get("address", root), "address"))
    territory = reader.scalar(f.get("territory"), "territory")
    if "territory" in f and not re.fullmatch(r"[A-Z]{2}", territory):
        reader.error(f["territory"], f"territory: '{territory}' must be a two-letter country code such as GB or US")
    paper = reader.scalar(f.get("paper"), "paper", "auto").lower()
    if paper not in PAPER_CHOICES:
        reader.error(f["paper"], f"paper: '{paper}' must be one of {', '.join(PAPER_CHOICES)}")
    leaflet_url = reader.scalar(f.get("leaflet_url"), "leaflet_url")
    if "leaflet_url" in f:
        for problem in url_pattern_problems(leaflet_url):
            reader.error(f["leaflet_url"], f"leaflet_url: {problem}")
    print_colours = {}
    if "print_colours" in f:
        pf = reader.mapping(f["print_colours"], "print_colours", optional=("primary", "accent", "tint"))
        for name, node in pf.items():
            value = reader.scalar(node, f"print_colours.{name}")
            match = CMYK_RE.fullmatch(value)
            if not match or any(float(v) > 100 for v in match.groups()):
                reader.error(node, f"print_colours.{name}: '{value}' must be four percentages written "
                                   "C M Y K, e.g. '90 35 40 25'")
            else:
                print_colours[name] = tuple(float(v) for v in match.groups())
    clinic = Clinic(
        name=reader.scalar(f.get("name"), "name"),
        logo=logo,
        logo_alt=reader.scalar(f.get("logo_alt"), "logo_alt"),
        colours=tuple(sorted(colours.items())),
        phone=reader.scalar(f.get("phone"), "phone"),
        address=address,
        website=website,
        email=reader.scalar(f.get("email"), "email"),
        path=shown,
        territory=territory,
        paper=paper,
        leaflet_url=leaflet_url,
        print_colours=tuple(sorted(print_colours.items())),
    )
    if reader.errors:
        raise LeafletErrors(reader.errors)
    return clinic
