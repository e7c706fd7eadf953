"""The leaflet says what its source article says, all of it, and nothing else: checked on the
real files, through the coverage map in `sources/coverage/` (README, "Changing the content").

For each document: the article (`<document>-article.txt`, a verbatim copy), the article split
into statements with ids (`<document>-article.yaml`), and the map between those statements and
the texts of `sources/<document>.yaml`, both ways (`<document>.yaml`). Every failure names the
statement id or the text's key, so an editor knows which line to fix.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from pipeline.model.source import load_document
from pipeline.project import Project
from testkit import ROOT

COVERAGE = ROOT / "sources" / "coverage"
DOCUMENTS = Project(ROOT).documents()


@cache
def inputs(document: str):
    """(the article's text, its statements by id, its excluded debris, the map, the source's keys)."""
    map_file = COVERAGE / f"{document}.yaml"
    assert map_file.is_file(), (f"{document}: no coverage map; add sources/coverage/{document}.yaml, "
                                f"{document}-article.yaml and {document}-article.txt (README, 'Changing the content')")
    coverage = yaml.safe_load(map_file.read_text(encoding="utf-8"))
    inventory = yaml.safe_load((COVERAGE / coverage["article"]).read_text(encoding="utf-8"))
    article = (COVERAGE / inventory["article"]).read_text(encoding="utf-8")
    ids = [s["id"] for s in inventory["statements"]]
    assert len(ids) == len(set(ids)), f"statement ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}"
    statements = {s["id"]: s["text"] for s in inventory["statements"]}
    source = load_document(ROOT / "sources" / f"{document}.yaml", ROOT)
    return article, statements, inventory.get("excluded", []), coverage, [t.key for t in source.texts()]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_statement_is_still_in_the_article(document):
    article, statements, excluded, _, _ = inputs(document)
    lost = [sid for sid, text in statements.items() if text not in article]
    assert not lost, f"statements whose text the article no longer has (copy it exactly from the article): {lost}"
    assert all(d["text"] in article for d in excluded), "an excluded piece of debris is not in the article"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_statements_cover_the_whole_article(document):
    """Nothing of the article escapes the inventory: take away every statement and the listed
    debris, and only the numbers of its numbered lists are left."""
    article, statements, excluded, _, _ = inputs(document)
    rest = article
    for text in sorted(statements.values(), key=len, reverse=True):
        rest = rest.replace(text, " ", 1)
    for debris in excluded:
        rest = rest.replace(debris["text"], " ")
    left = re.sub(r"\s+", " ", re.sub(r"(?m)^\s*\d+\.", " ", rest)).strip()
    assert not left, f"article text that no statement holds (add it to {document}-article.yaml): {left[:200]!r}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_source_text_has_a_statement_behind_it(document):
    _, statements, _, coverage, keys = inputs(document)
    texts = coverage["texts"]
    assert not [k for k in keys if k not in texts], \
        f"source texts missing from the coverage map: {[k for k in keys if k not in texts]}"
    assert not [k for k in texts if k not in keys], \
        f"the coverage map lists keys the source no longer has: {[k for k in texts if k not in keys]}"
    empty = [k for k, entry in texts.items() if not entry.get("statements")]
    assert not empty, f"texts with no article statement behind them: {empty}"
    unknown = {k: sorted(set(e["statements"]) - set(statements)) for k, e in texts.items()
               if set(e["statements"]) - set(statements)}
    assert not unknown, f"texts pointing at statements the article inventory does not have: {unknown}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_statement_is_said_by_a_text(document):
    _, statements, excluded, coverage, _ = inputs(document)
    carried = {sid for entry in coverage["texts"].values() for sid in entry["statements"]}
    lost = [sid for sid in statements if sid not in carried]
    assert not lost, f"article statements the leaflet no longer says: {lost}"
    assert set(coverage.get("omitted") or {}) == {d["id"] for d in excluded}, "only the article's debris may be omitted"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_map_reads_the_same_both_ways(document):
    _, statements, _, coverage, _ = inputs(document)
    forward: dict[str, set[str]] = {sid: set() for sid in statements}
    for key, entry in coverage["texts"].items():
        for sid in entry["statements"]:
            forward.setdefault(sid, set()).add(key)
    backward = {sid: set(keys or ()) for sid, keys in (coverage.get("statements") or {}).items()}
    differ = {sid: {"texts say": sorted(forward.get(sid, ())), "statements say": sorted(backward.get(sid, ()))}
              for sid in set(forward) | set(backward) if forward.get(sid, set()) != backward.get(sid, set())}
    assert not differ, f"`texts` and `statements` of the coverage map disagree: {differ}"
