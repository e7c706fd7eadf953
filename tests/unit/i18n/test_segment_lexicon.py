"""Chinese words jieba's dictionary does not know (medical terms, medicine names) kept whole: the
lexicon a document and locale define, added to a tokenizer of its own (pipeline/i18n/segment.py)."""

from __future__ import annotations

import tempfile

import jieba
import pytest

from pipeline.errors import LeafletError
from pipeline.files import _umask
from pipeline.i18n import segment
from pipeline.i18n.segment import WJ, han_words, join_words, kept_together, lexicon, load_words, unknown_words

TUMOURS = "有些儿童患有一种叫做眼阵挛-肌阵挛综合征的疾病。也可能给孩子使用一种叫做ACTH（促肾上腺皮质激素）的激素。"
WORDS = lexicon(["肌阵挛", "眼阵挛", "促肾上腺皮质激素"])


def joined(text: str) -> str:
    return text.replace(WJ, "~")


def test_jieba_alone_cuts_the_terms_the_lexicon_keeps_whole():
    assert han_words("肌阵挛综合征") == ("肌", "阵", "挛", "综合征")
    assert han_words("肌阵挛综合征", WORDS) == ("肌阵挛", "综合征")
    assert "促肾上腺皮质激素" in han_words("促肾上腺皮质激素", WORDS)
    assert "肌~阵~挛" in joined(join_words(TUMOURS, WORDS)) and "肌~阵~挛" not in joined(join_words(TUMOURS))
    assert join_words(TUMOURS, WORDS).replace(WJ, "") == TUMOURS


def test_a_lexicon_word_is_whole_whatever_jieba_makes_of_its_neighbours_and_its_script():
    words = lexicon(["A型肉毒毒素", "维生素B1", "维生素B"])
    assert joined(join_words("A型肉毒毒素（Xeomin）", words)).startswith("A~型~肉~毒~毒~素（")
    text = "血液中维生素B1、B5或B6的含量偏低时；常见的是缺乏维生素B或钙。"
    inside = kept_together(text, words)
    first, second = text.index("维生素B1"), text.index("维生素B或")
    assert set(range(first + 1, first + 5)) <= inside and first + 5 not in inside  # 维生素B1 | 、
    assert set(range(second + 1, second + 4)) <= inside and second + 4 not in inside  # 维生素B | 或


def test_the_lexicon_holds_words_of_chinese_characters_only_each_once_sorted():
    assert lexicon(["泼尼松", "ACTH", "手", "prednisone", "肌阵挛", " 泼尼松 ", "两个 词", "很" * 13]) == ("泼尼松", "肌阵挛")
    assert lexicon() == ()


def test_each_lexicon_has_a_tokenizer_of_its_own_and_jiebas_stays_as_shipped():
    assert han_words("渐冻症", lexicon(["渐冻症"])) == ("渐冻症",)
    assert han_words("渐冻症") == ("渐", "冻", "症"), "a lexicon's word reached the segmentation without it"
    assert han_words("渐冻症", lexicon(["肌阵挛"])) == ("渐", "冻", "症"), "one lexicon's word reached another's"
    assert "渐冻症" not in jieba.dt.FREQ, "jieba's default tokenizer was changed"


def test_a_lexicon_segments_the_same_every_time(monkeypatch, tmp_path):
    words = lexicon(["肌阵挛", "眼阵挛", "皮质类固醇", "肌肉跳动"])
    first = [han_words(run.group(), words) for run in segment.HAN_RUN.finditer(TUMOURS)]
    frequencies = {w: segment._tokenizer(words).FREQ[w] for w in ("肌阵挛", "皮质类固醇", "肌肉跳动")}
    # Again from nothing, as a new worker process would: the same words, the same frequencies,
    # and no file written or read outside the project (jieba's own cache is in the temporary folder).
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(jieba.Tokenizer, "initialize", lambda *a, **k: pytest.fail("jieba read or wrote its cache"))
    for cached in (segment._dictionary, segment._tokenizer, segment.han_words):
        cached.cache_clear()
    assert [han_words(run.group(), words) for run in segment.HAN_RUN.finditer(TUMOURS)] == first
    assert {w: segment._tokenizer(words).FREQ[w] for w in frequencies} == frequencies
    assert list(tmp_path.iterdir()) == []


def test_a_word_nobody_listed_is_guessed_where_the_dictionary_cuts_it_into_characters():
    run = "有些儿童患有一种叫做眼阵挛"
    assert [run[a:b] for a, b in unknown_words(run)] == ["眼阵挛"]
    assert unknown_words(run, WORDS) == []
    assert unknown_words("这是一种使神经细胞死亡的疾病") == [], "short runs of function words are no guess"


def test_a_list_of_words_is_read_with_its_comments_and_refused_with_its_lines(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# medical terms\n肌阵挛   # myoclonus\n\n维生素B1\n", encoding="utf-8")
    assert load_words(words, tmp_path) == ("肌阵挛", "维生素B1")
    words.write_text("肌阵挛\nmyoclonus\n两个 词\n" + "很" * 13 + "\n", encoding="utf-8")
    with pytest.raises(LeafletError) as caught:
        load_words(words, tmp_path)
    message = str(caught.value)
    assert "words.txt:2: 'myoclonus'" in message and "words.txt:3:" in message and "words.txt:4:" in message


def test_a_list_of_words_holds_phrases_of_spaced_scripts_kept_on_one_line(tmp_path):
    """A compound read as one word ("غير ضار", harmless) is listed as a phrase; a single word of
    a spaced script, a sentence or a phrase too long for a narrow column is refused by its line."""
    words = tmp_path / "words.txt"
    words.write_text("غير ضار   # harmless\nLou Gehrig\n6 à 8 heures\n", encoding="utf-8")
    assert load_words(words, tmp_path) == ("غير ضار", "Lou Gehrig", "6 à 8 heures")
    assert lexicon(["botulinum toxin A"], phrases=load_words(words, tmp_path)) == ("6 à 8 heures", "Lou Gehrig", "غير ضار"), \
        "a medicine's name of several words still wraps; only words.txt's phrases are kept whole"
    words.write_text("غير ضار\nmyoclonus\na b c d e\nextraordinarily longwinded\na  b\n", encoding="utf-8")
    with pytest.raises(LeafletError) as caught:
        load_words(words, tmp_path)
    message = str(caught.value)
    assert "words.txt:2: 'myoclonus' is one word of a script with spaces" in message
    assert "words.txt:3:" in message and "words.txt:4:" in message and "words.txt:5:" in message
    assert "words.txt:1:" not in message
    words.write_text("غير\u202eضار x\n", encoding="utf-8")
    with pytest.raises(LeafletError, match="words.txt:1: .* invisible control character"):
        load_words(words, tmp_path)


def test_the_real_chinese_words_are_read(project):
    listed = load_words(project.words_file("zh_Hans"), project.root)
    assert {"肌阵挛", "皮质类固醇", "促肾上腺皮质激素", "肌束颤动"} <= set(listed)
    assert all(len(han_words(word)) > 1 or not segment.HAN_RUN.fullmatch(word) for word in listed), \
        "list only words jieba's dictionary cuts"


def test_jiebas_table_is_kept_for_the_next_process_and_read_entry_by_entry(monkeypatch, tmp_path):
    import io
    import os

    shipped = "肌肉 40 n\n跳动 30 v\n肌 5 n\n"
    monkeypatch.setattr(jieba.Tokenizer, "get_dict_file", lambda self: io.BytesIO(shipped.encode()))
    monkeypatch.setattr(segment, "DICTIONARY_CACHE", tmp_path / "kept")

    def fresh():  # as a new worker process: nothing cached in memory
        for cached in (segment._dictionary, segment._kept_connection, segment._tokenizer, segment.han_words):
            cached.cache_clear()
        return segment._dictionary()

    try:
        made, total = fresh()
        assert total == 75 and dict(made()) == {}, "the table is read as asked, not whole"
        table = made()
        assert table["肌肉"] == 40 and "跳" in table and table.get("跳") == 0 and "肉" not in table
        assert table.get("跳跳", 7) == 7 and len(table) == 2, "an entry read once is kept; an absent one is no entry"
        kept = list((tmp_path / "kept").iterdir())
        assert len(kept) == 1 and kept[0].suffix == ".sqlite" and kept[0].stat().st_mode & 0o777 == 0o666 & ~_umask()
        # The next process reads the kept file and makes nothing.
        monkeypatch.setattr(jieba.Tokenizer, "gen_pfdict", lambda *a: pytest.fail("the kept table was not used"))
        assert fresh()[1] == 75 and han_words("肌肉跳动") == ("肌肉", "跳动")
        monkeypatch.undo()
        monkeypatch.setattr(jieba.Tokenizer, "get_dict_file", lambda self: io.BytesIO(shipped.encode()))
        monkeypatch.setattr(segment, "DICTIONARY_CACHE", tmp_path / "kept")
        # A damaged file is made again; a lexicon's words stay in its own table.
        kept[0].write_bytes(b"\x00 not a table")
        assert fresh()[1] == 75 and kept[0].stat().st_size > 1000
        assert han_words("肌肉跳动", lexicon(["肉跳"])) != han_words("肌肉跳动") == ("肌肉", "跳动")
        # Where nothing can be kept, the table is this process's own, whole.
        monkeypatch.setattr(segment, "DICTIONARY_CACHE", None)
        made, total = fresh()
        assert total == 75 and made() == {"肌肉": 40, "肌": 5, "跳动": 30, "跳": 0}
        assert os.listdir(tmp_path / "kept") == [kept[0].name], "no partial file left"
    finally:
        for cached in (segment._dictionary, segment._kept_connection, segment._tokenizer, segment.han_words):
            cached.cache_clear()


def test_a_text_marked_twice_is_marked_as_once():
    """A layout string is prepared by gettext and again by keep_end_together: jieba must cut the
    text, not the pieces between its joiners (阅~读本~手~册 read 读本, "textbook", as a word and
    moved 阅读本手册 down whole under the posters' QR code)."""
    once = segment.typeset("扫码在网上阅读本手册")
    assert joined(once) == "扫码在网~上阅~读本~手~册"
    assert segment.typeset(once) == once == segment.typeset(segment.typeset(once, end=True), end=True)
    assert join_words(f"于2026{WJ}年{WJ}11{WJ}月发布") == f"于2026{WJ}年{WJ}11{WJ}月发~布".replace("~", WJ)  # joiners kept


def test_a_line_may_break_beside_a_quotation_mark_between_chinese_characters():
    """Pango 1.50 never breaks beside “ ” (UAX #14 before Unicode 15.1), so 称为“肌束颤动”。 moved
    down whole; a zero-width space offers the break Chinese typesetting allows (LB19a): before an
    opening mark, after a closing one, never where a mark would end or start a line wrongly."""
    ZW = segment.ZWSP
    marked = segment.typeset("医生把肌肉跳动称为“肌束颤动”。“舞蹈病”就是医生的叫法。")
    assert f"为{ZW}“" in marked and f"。{ZW}“" in marked and f"”{ZW}就" in marked
    assert f"”{ZW}。" not in marked and f"“{ZW}" not in marked  # a closing mark stays with 。, an opening with its term
    assert segment.typeset(marked) == marked  # once
    assert segment.quote_breaks("（“肌束颤动”）") == []  # an opening bracket never ends a line
    assert segment.quote_breaks("He said “twitch” often") == []  # Latin text: Pango's rules as they are
    # The kept end: the last character stays with the closing mark before it, no line of one.
    assert joined(segment.typeset("医生说那是“颤动”了。")).endswith("”~了。")
