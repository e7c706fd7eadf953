"""Translation checks: seeded mistakes are each caught with the right severity, check and line."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from pipeline import quality
from pipeline.cli import main
from pipeline.textchecks import CHECKS, Context, ascii_digits, end_punctuation, numbers, sentence_count

from .conftest import TRANSLATED, set_translation

HINDI = Context("hi", "Deva", "ltr", ("prednisone", "Celestone"), (("prednisone", "prednisone"),))
ARABIC = Context("ar", "Arab", "rtl")
CHINESE = Context("zh", "Hans", "ltr")
FRENCH = Context("fr", "Latn", "ltr")


def english_of(po_path: Path, msgctxt: str) -> str:
    return next(e for e in polib.pofile(str(po_path)) if e.msgctxt == msgctxt).msgid


def set_fuzzy(po_path: Path, msgctxt: str) -> None:
    po = polib.pofile(str(po_path), wrapwidth=79)
    next(e for e in po if e.msgctxt == msgctxt).flags.append("fuzzy")
    po.save()


def add_comment(po_path: Path, msgctxt: str, comment: str) -> None:
    po = polib.pofile(str(po_path), wrapwidth=79)
    next(e for e in po if e.msgctxt == msgctxt).tcomment = comment
    po.save()


def entry_context_at(po_path: Path, line: int) -> str:
    """The msgctxt of the entry that starts at `line` (1-based): read from the file itself."""
    lines = po_path.read_text(encoding="utf-8").splitlines()[line - 1:]
    for text in lines:
        if text.startswith("msgctxt "):
            return text.removeprefix("msgctxt ").strip('"')
        assert text.strip(), f"line {line} is not the start of an entry"
    raise AssertionError("no entry after that line")


def only(findings, check: str, msgctxt: str) -> quality.Finding:
    matches = [f for f in findings if f.check == check and f.msgctxt == msgctxt]
    assert len(matches) == 1, (check, msgctxt, [str(f) for f in findings])
    return matches[0]


def assess_one(project, locale: str, posters: bool = False) -> quality.LocaleReport:
    (report,) = quality.assess(project, [locale], posters=posters)
    return report


SEEDED = [
    # (msgctxt, how the translation is changed, check, severity)
    ("prevention.sleep.hours.text", lambda t: t.replace("6-8", "6-9"), "numbers", "critical"),
    ("document.credit", lambda t: t.replace("Apollo Hospitals", "अपोलो हॉस्पिटल्स"), "names", "critical"),
    ("treatment.surgery.tumours.text", lambda t: t.replace("%(prednisone)s", "प्रेडनिसोन"), "placeholders",
     "critical"),
    ("poster.headline", lambda t: t + " — और यह पंक्ति पोस्टर की सीमा से कहीं ज़्यादा लंबी है", "length",
     "critical"),
    ("poster.lead", lambda t: t.replace("।", " 💊।"), "glyphs", "critical"),
    ("about.what", lambda t: t.replace(" ", " \u202e", 1), "bidi", "critical"),
    ("about.where", lambda t: t.replace(" ", "\u200b ", 1), "invisible", "critical"),
    ("causes.heading", lambda t: f"<b>{t}</b>", "markup", "critical"),
    ("about.unnoticed", lambda t: t.replace(" ", "\n", 1), "line-breaks", "critical"),
    ("children.heading", lambda t: "", "untranslated", "functional"),
    ("serious.heading", lambda t: "More serious causes", "identical", "functional"),
    ("about.harmless", lambda t: t.split("।")[0] + "।", "sentences", "functional"),
    ("prevention.diet.fruit.text", lambda t: t.replace("।", "."), "end-punctuation", "cosmetic"),
    ("risks.heading", lambda t: t.replace(" ", "  ", 1), "whitespace", "cosmetic"),
    ("effects.heading", lambda t: t.split()[0] + " " + t, "doubled-words", "cosmetic"),
]


def test_every_seeded_mistake_is_found_with_its_severity_and_line(scratch):
    po = scratch.catalog("hi")
    for msgctxt, change, _, _ in SEEDED:
        current = next(e for e in polib.pofile(str(po)) if e.msgctxt == msgctxt).msgstr
        assert change(current) != current, msgctxt
        set_translation(po, msgctxt, change(current))
    set_fuzzy(po, "causes.list.exercise.text")
    report = assess_one(scratch, "hi")
    for msgctxt, _, check, severity in SEEDED + [("causes.list.exercise.text", None, "fuzzy", "functional")]:
        finding = only(report.findings, check, msgctxt)
        assert finding.severity == severity, str(finding)
        assert finding.path.endswith("locales/hi/LC_MESSAGES/muscle-twitching.po")
        assert entry_context_at(po, finding.line) == msgctxt, str(finding)
    # Nothing stops at the first problem, and nothing else is reported as critical.
    critical = {(f.check, f.msgctxt) for f in report.findings if f.severity == "critical"}
    assert critical == {(c, m) for m, _, c, s in SEEDED if s == "critical"}
    assert not report.ready


def test_findings_say_what_to_do(scratch):
    po = scratch.catalog("hi")
    set_translation(po, "poster.lead", "ज़्यादातर फड़कन 💊 कुछ ही दिनों में ठीक हो जाती है।")
    set_translation(po, "prevention.sleep.hours.text", "हर दिन 7 घंटे सोएँ।")
    findings = assess_one(scratch, "hi").findings
    glyph = only(findings, "glyphs", "poster.lead")
    assert "U+1F48A" in glyph.message and "NotoSansDevanagari-Regular.ttf" in glyph.message
    assert "NotoSans-Bold.ttf" in glyph.message
    dose = only(findings, "numbers", "prevention.sleep.hours.text")
    assert "the English has 6, 8, the translation 7" in dose.message
    assert f"{dose.path}:{dose.line}: critical: numbers [prevention.sleep.hours.text]: " in str(dose)


def test_digits_of_the_locale_script_count_as_the_same_numbers(scratch):
    po = scratch.catalog("hi")
    set_translation(po, "prevention.sleep.hours.text", "हर दिन कम से कम ६-८ घंटे बिना रुकावट सोएँ। नींद शरीर "
                    "को ठीक होने में मदद करती है और नसों को आराम देती है।")
    assert not [f for f in assess_one(scratch, "hi").findings if f.check == "numbers"]
    assert ascii_digits("٦-٨ و ௬") == "6-8 و 6"


def test_bidi_override_in_arabic_is_critical(scratch):
    po = scratch.catalog("ar")
    current = next(e for e in polib.pofile(str(po)) if e.msgctxt == "poster.prevention.sleep").msgstr
    set_translation(po, "poster.prevention.sleep", current.replace("6-8", "\u202e6-8\u202c"))
    finding = only(assess_one(scratch, "ar").findings, "bidi", "poster.prevention.sleep")
    assert finding.severity == "critical" and "U+202E RIGHT-TO-LEFT OVERRIDE" in finding.message
    assert entry_context_at(po, finding.line) == "poster.prevention.sleep"


def test_translator_comment_silences_a_cosmetic_check_but_never_a_critical_one(scratch):
    po = scratch.catalog("es")
    set_translation(po, "risks.heading", "Factores  de riesgo")
    set_translation(po, "poster.prevention.sleep", "Duerma 7-8 horas al día")
    set_fuzzy(po, "about.heading")
    add_comment(po, "risks.heading", "ignore-whitespace: testing")
    add_comment(po, "poster.prevention.sleep", "ignore-numbers")
    add_comment(po, "about.heading", "ignore-fuzzy")
    report = assess_one(scratch, "es")
    assert not [f for f in report.findings if f.msgctxt == "risks.heading"]
    assert "has no effect: this finding blocks publishing" in only(report.findings, "numbers",
                                                                  "poster.prevention.sleep").message
    assert "has no effect" in only(report.findings, "fuzzy", "about.heading").message
    assert {r.kind for r in report.reasons} >= {"fuzzy", "critical"}


def test_shipped_catalogs_have_no_critical_finding(project):
    reports = quality.assess(project, project.select_locales(None))
    assert [str(f) for r in reports for f in r.findings if f.severity == "critical"] == []
    assert {r.locale for r in reports} == {"en", *TRANSLATED}


def test_shipped_drafts_are_not_ready_and_say_why(project):
    for report in quality.assess(project, list(TRANSLATED)):
        kinds = {r.kind for r in report.reasons}
        assert kinds == {"signoff", "source-signoff"}, report.reasons
        assert any("X-Review-Status is 'draft'" in str(r) for r in report.reasons)


def test_poster_that_no_longer_fits_is_critical(scratch):
    po = scratch.catalog("fr")
    long = ("Les secousses musculaires sont presque toujours sans danger et passent d'elles-mêmes, "
            "mais parlez-en à votre médecin si elles durent. ") * 3
    for entry in polib.pofile(str(po)):
        if entry.msgctxt.startswith("poster.") and not entry.msgctxt.endswith("heading"):
            set_translation(po, entry.msgctxt, long)
    report = assess_one(scratch, "fr", posters=True)
    fit = [f for f in report.findings if f.check == "poster-fit"]
    assert len(fit) == 1 and fit[0].severity == "critical", [str(f) for f in report.findings]
    assert "does not fit" in fit[0].message and "longest poster text" in fit[0].message
    assert entry_context_at(po, fit[0].line) == fit[0].msgctxt


def test_check_command_lists_findings_and_fails_on_critical(scratch, capsys):
    current = next(e for e in polib.pofile(str(scratch.catalog("fr"))) if e.msgctxt == "poster.prevention.sleep")
    set_translation(scratch.catalog("fr"), "poster.prevention.sleep", current.msgstr.replace("8", "9"))
    status = main(["--root", str(scratch.root), "check", "--langs", "fr es", "--no-render"])
    out = capsys.readouterr().out
    assert status == 1
    assert "locales/fr/LC_MESSAGES/muscle-twitching.po:" in out and "critical: numbers [poster.prevention.sleep]" in out
    assert "fr       1 critical, 0 functional, 0 cosmetic; draft" in out
    assert "es       0 critical" in out


@pytest.mark.parametrize("english, translation, context, expected", [
    ("Eat fruit.", "फल खाएँ।", HINDI, []),
    ("Questions?", "أسئلة؟", ARABIC, []),
    ("Twitching is common:", "肌肉跳动常见于：", CHINESE, []),
    ("Twitching is common:", "Les secousses sont fréquentes :", FRENCH, []),
])
def test_end_punctuation_of_the_script_passes(english, translation, context, expected):
    assert end_punctuation(english, translation, context) == expected


@pytest.mark.parametrize("english, translation, context, wanted", [
    ("Eat fruit.", "फल खाएँ.", HINDI, "।"),
    ("Questions?", "أسئلة?", ARABIC, "؟"),
    ("Eat fruit.", "吃水果.", CHINESE, "。"),
])
def test_end_punctuation_of_another_script_is_cosmetic(english, translation, context, wanted):
    (message,) = end_punctuation(english, translation, context)
    assert f"should end with '{wanted}'" in message


@pytest.mark.parametrize("english, translation, context, problem", [
    ("Call 020 7946 0321.", "Appelez le 020 7946 0322.", FRENCH, "phone number 020 7946 0321"),
    ("See https://riverside-health.example/a.", "Voir https://example.org/a.", FRENCH, "web address"),
    ("Write to help@riverside.example.", "Écrivez à aide@riverside.example.", FRENCH, "email address"),
    ("Dose 5 mg", "Dosis 50% mg", FRENCH, "a '%' that is not"),
    ("such as Celestone.", "जैसे सेलेस्टोन।", HINDI, "'Celestone' is a drug, brand or publisher name"),
    ("Take 1.5 mg.", "Prenez 15 mg.", FRENCH, "numbers differ"),
])
def test_text_checks_catch_changed_data(english, translation, context, problem):
    messages = [m for _, _, check in CHECKS for m in check(english, translation, context)]
    assert any(problem in m for m in messages), messages


@pytest.mark.parametrize("english, translation, context", [
    ("Call 020 7946 0321.", "फ़ोन करें: ०२० ७९४६ ०३२१।", HINDI),
    ("Version %(version)s", "संस्करण %(version)s", HINDI),
    ("such as %(prednisone)s.", "जैसे %(prednisone)s।", HINDI),
    ("Apollo Hospitals askapollo", "改编自Apollo Hospitals askapollo的文章", Context("zh", "Hans", "ltr",
                                                                                  ("Apollo Hospitals askapollo",))),
])
def test_text_checks_accept_faithful_translations(english, translation, context):
    critical = [m for name, severity, check in CHECKS if severity == "critical"
                for m in check(english, translation, context)]
    assert critical == []


def test_sentence_counts_follow_each_script():
    assert sentence_count("Questions? Call us") == 2
    assert sentence_count("有疑问？请致电我们") == 2
    assert sentence_count("Take 1.5 mg. Then rest.") == 2
    assert sentence_count("यह पहला है। यह दूसरा है।") == 2
    assert numbers("Sleep 6-8 hours.", "नींद ६–८ घंटे।", HINDI) == []


def test_stats_json_gives_progress_findings_grade_and_readiness(scratch, capsys):
    set_translation(scratch.catalog("es"), "risks.heading", "")
    set_fuzzy(scratch.catalog("es"), "about.heading")
    assert main(["--root", str(scratch.root), "stats", "--json", "--langs", "en es hi"]) == 0
    rows = {row["locale"]: row for row in json.loads(capsys.readouterr().out)}
    es = rows["es"]
    assert (es["translated"], es["fuzzy"], es["untranslated"]) == (es["total"] - 2, 1, 1)
    assert es["functional"] == 2 and es["critical"] == 0 and es["ready"] is False
    assert any("1 untranslated string(s)" in r for r in es["reasons"])
    assert es["review"] == "draft" and es["source_words"] > 1000
    assert rows["en"]["reading_formula"] == "Flesch-Kincaid" and 3 < rows["en"]["reading_grade"] < 12
    assert es["reading_formula"] == "Crawford" and es["reading_grade"] is not None
    assert rows["hi"]["reading_grade"] is None and "no grade-level formula" in rows["hi"]["reading_formula"]


def test_reading_grade_counts_list_items_as_sentences():
    from pipeline.stats import as_sentences, reading_grade

    assert as_sentences(["Causes:", "tiredness;", "Rest."]) == "Causes. tiredness. Rest."
    simple = reading_grade(["The cat sat.", "It was warm."] * 5, "en").grade
    hard = reading_grade(["Electromyographic investigations characterise neuromuscular pathophysiology "
                          "comprehensively, notwithstanding considerable interindividual variability."], "en").grade
    assert simple < 3 < 12 < hard


def test_reading_grade_reads_the_cmu_dictionary_entries_it_needs_as_textstat_would(project):
    """The build reads only the leaflet's words from the CMU dictionary (stats._pronunciations_of);
    syllables and grade must be what textstat gives with the whole dictionary."""
    from textstat.backend.counts._count_syllables import count_syllables
    from textstat.textstat import textstatistics

    from pipeline.localize import localize
    from pipeline.source import load_document
    from pipeline.stats import _pronunciations_of, as_sentences, leaflet_body, reading_grade

    units = leaflet_body(localize(load_document(project.document_file), None, "en").content)
    units.append("They read the record of d'artagnan's hiccough, then recorded it.")  # variants, comments
    text = as_sentences(units)
    count_syllables.cache_clear()
    with _pronunciations_of(text, "en_US"):
        ours = count_syllables(text, "en_US"), reading_grade(units, "en").grade
    count_syllables.cache_clear()
    meter = textstatistics()
    meter.set_lang("en_US")
    assert ours == (count_syllables(text, "en_US"), round(float(meter.flesch_kincaid_grade(text)), 1))
    count_syllables.cache_clear()
    with _pronunciations_of("", "en_US"):  # no entries: every word falls back to hyphenation
        assert count_syllables(text, "en_US") != ours[0]
