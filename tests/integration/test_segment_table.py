"""jieba's prefix table read entry by entry from the kept file (pipeline/i18n/segment.py,
_KeptTable) cuts every Chinese text of the project exactly as the whole table in memory does,
and spares the worker the whole table's memory."""

from __future__ import annotations

import polib

from pipeline.i18n import segment
from testkit import ROOT


def _cuts(texts: list[str], words: tuple[str, ...]) -> list[tuple[str, ...]]:
    for cached in (segment._tokenizer, segment.han_words):
        cached.cache_clear()
    return [segment.han_words(run, w) for text in texts for run in segment.HAN_RUN.findall(text) for w in ((), words)]


def test_the_kept_table_cuts_every_chinese_text_as_the_whole_table_does(monkeypatch):
    texts = [entry.msgstr for po in sorted((ROOT / "locales").glob("zh*/LC_MESSAGES/*.po"))
             for entry in polib.pofile(str(po)) if entry.msgstr]
    words = segment.lexicon(["肌阵挛", "眼阵挛", "皮质类固醇", "促肾上腺皮质激素", "亨廷顿病"])
    assert sum(len(segment.HAN_RUN.findall(t)) for t in texts) > 300
    try:
        segment._dictionary.cache_clear()
        kept, _ = segment._dictionary()
        assert isinstance(kept(), segment._KeptTable)
        from_file = _cuts(texts, words)
        asked = len(segment._tokenizer(()).FREQ)
        monkeypatch.setattr(segment, "DICTIONARY_CACHE", None)
        segment._dictionary.cache_clear()
        whole, _ = segment._dictionary()
        assert not isinstance(whole(), segment._KeptTable)
        assert _cuts(texts, words) == from_file
        assert asked < len(whole()) / 50, (asked, len(whole()))  # a few thousand entries of half a million
    finally:
        for cached in (segment._dictionary, segment._kept_connection, segment._tokenizer, segment.han_words):
            cached.cache_clear()
