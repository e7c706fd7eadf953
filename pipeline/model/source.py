"""Load a document's structured source (`sources/<document>.yaml`) into the document model.

Every problem is collected with its line, so an editor sees all of them at once. The schema is
explained in the header of `sources/muscle-twitching.yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import LeafletError
from .document import (
    PLACEHOLDER_RE,
    Block,
    Callout,
    Document,
    DrugRow,
    DrugTable,
    Item,
    ItemList,
    KeyPoints,
    Medicine,
    Meta,
    Name,
    Paragraph,
    Poster,
    PosterGroup,
    Section,
    Text,
)
from .yamlreader import Reader, compose, load

#: What translators are told about each medicine name (msgctxt term.<id>).
NAME_NOTE = (
    "The name of this medicine (English: {english}) as pharmacists and patients in your language "
    "write it: the official form (WHO INN list, your national formulary) or the customary one, "
    "e.g. Spanish prednisona, French amphétamine, Chinese 泼尼松. The table of medicines prints it "
    "with the English name in brackets, so a patient can show it to a pharmacist anywhere; "
    "wherever the text names this medicine, write this form (the checks look for it), with the "
    "English name in brackets after it where the two differ. If your language writes it exactly "
    "as the English does, copy the English. Never translate a brand name.")


def _name_id(name: str) -> str:
    """A msgctxt-safe id for a medicine name that no term names: `incobotulinumtoxinA` gives
    `incobotulinumtoxina`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "name"


class _SourceReader(Reader):
    def __init__(self, path: str):
        super().__init__(path)
        self.terms: dict[str, str] = {}
        self.term_lines: dict[str, int] = {}
        self.generics: dict[str, int] = {}  # generic names of the drug table -> their line
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
                if re.fullmatch(r"[0-9]{1,5}", raw) and int(raw) > 0:
                    max_chars = int(raw)
                else:
                    self.error(fields["max"], f"{key}.max: '{raw}' is not a positive whole number")
        english = self.printed(value_node, key)
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
        if "&" in english:
            self.error(value_node, f"{key}: write 'and' instead of '&'")
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
                if "generic" in mf:
                    self.generics.setdefault(self.scalar(mf["generic"], "generic"), mf["generic"].start_mark.line + 1)
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

    def key_points(self, node: yaml.Node) -> KeyPoints:
        """Page 1's summary: a heading and its points, each keyed key_points.<id>."""
        fields = self.mapping(node, "key_points", required=("heading", "items"))
        items = []
        for item_node in self.sequence(fields.get("items", node), "key_points.items"):
            kf = self.mapping(item_node, "key_points.items", required=("id", "text"), optional=("note",))
            key = f"key_points.{self.ident(kf.get('id'), 'key_points.items')}"
            text = self.text(kf.get("text"), key)
            note = self.scalar(kf["note"], f"{key}.note") if "note" in kf else ""
            items.append(Text(text.key, text.english, text.line, note, text.max_chars))
        return KeyPoints(self.text(fields.get("heading"), "key_points.heading"), tuple(items))

    def names(self) -> tuple[Name, ...]:
        """One local name per medicine the source names (its terms and the drug table's generic
        names), for translators to set: msgctxt term.<term>, or term.<generic name> for a
        generic name no term gives."""
        by_name = {value: (key, self.term_lines[key]) for key, value in self.terms.items()}
        for generic, line in self.generics.items():
            by_name.setdefault(generic, (_name_id(generic), line))
        names = []
        for english, (ident, line) in by_name.items():
            key = f"term.{ident}"
            if key in self.keys:
                self.errors.append(LeafletError(f"{key}: two medicine names give this key; rename a term",
                                                self.path, line))
            self.keys.add(key)
            names.append(Name(ident, english, Text(key, english, line, NAME_NOTE.format(english=english))))
        return tuple(names)

    def document(self, root: yaml.Node) -> Document:
        top = self.mapping(root, "top level", required=("document", "terms", "sections", "poster"),
                           optional=("key_points",))
        terms_node = top.get("terms")
        if terms_node is not None:
            for name, value in self.mapping(terms_node, "terms",
                                            optional=tuple(k.value for k, _ in terms_node.value)).items():
                self.terms[name] = self.scalar(value, f"terms.{name}")
                self.term_lines[name] = value.start_mark.line + 1
        d = self.mapping(top.get("document", root), "document",
                         required=("id", "version", "published", "review_due", "title", "subtitle", "source"),
                         optional=("created",))
        src = self.mapping(d.get("source", root), "document.source", required=("credit", "publisher"))
        published = self.date(d.get("published"), "document.published")
        meta = Meta(
            id=self.ident(d.get("id"), "document.id"),
            version=self.scalar(d.get("version"), "document.version"),
            published=published,
            review_due=self.date(d.get("review_due"), "document.review_due"),
            title=self.text(d.get("title"), "document.title"),
            subtitle=self.text(d.get("subtitle"), "document.subtitle"),
            credit=self.text(src.get("credit"), "document.credit"),
            publisher=self.scalar(src.get("publisher"), "document.source.publisher"),
            created=self.date(d["created"], "document.created") if "created" in d else published,
        )
        if meta.review_due <= meta.published:
            self.error(d.get("review_due", root), "document.review_due: must come after 'published'")
        if meta.created > meta.published:
            self.error(d.get("created", root), "document.created: must not come after 'published'")
        key_points = self.key_points(top["key_points"]) if "key_points" in top else None
        sections = tuple(self.section(n) for n in self.sequence(top.get("sections", root), "sections"))
        poster = self.poster(top.get("poster", root))
        return Document(meta, tuple(sorted(self.terms.items())), key_points, sections, poster, self.names(),
                        self.path)


def parse_document(text: str, path: str) -> Document:
    """Parse and validate a document's source, reporting every problem at once."""
    reader = _SourceReader(path)
    document = reader.document(compose(text, path))
    reader.raise_errors()
    return document


def load_document(path: Path, root: Path) -> Document:
    """Load `sources/<document>.yaml` (a regular file inside `root`, the checkout)."""
    node, shown = load(path, root)
    reader = _SourceReader(shown)
    document = reader.document(node)
    reader.raise_errors()
    if document.meta.id != path.stem:
        raise LeafletError(f"document.id is '{document.meta.id}' but the file is {path.name}; they must "
                           "be the same (the id names the catalogs and the PDFs)", shown)
    return document
