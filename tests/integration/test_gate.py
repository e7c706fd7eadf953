"""The publish gate: seeded mistakes are each caught with the right severity, check and line."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from pipeline.cli import main
from pipeline.publish import gate
from testkit import DOC, TRANSLATED, catalog, set_translation


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


def only(findings, check: str, msgctxt: str):
    matches = [f for f in findings if f.check == check and f.msgctxt == msgctxt]
    assert len(matches) == 1, (check, msgctxt, [str(f) for f in findings])
    return matches[0]


def assess_one(project, locale: str, posters: bool = False) -> gate.LeafletReport:
    (report,) = gate.assess(project, [DOC], [locale], posters=posters).leaflets
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
    ("about.unnoticed", lambda t: t.replace(" ", "\n", 1), "newlines", "critical"),
    ("children.heading", lambda t: "", "untranslated", "functional"),
    ("serious.heading", lambda t: "More serious causes", "identical", "functional"),
    ("about.harmless", lambda t: t.split("।")[0] + "।", "sentences", "functional"),
    ("prevention.diet.fruit.text", lambda t: t.replace("।", "."), "end-punctuation", "cosmetic"),
    ("risks.heading", lambda t: t.replace(" ", "  ", 1), "whitespace", "cosmetic"),
    ("effects.heading", lambda t: t.split()[0] + " " + t, "doubled-words", "cosmetic"),
    # drugs (caffeine and other substances) as narcotics: a rendering hi/terminology.tbx forbids
    ("causes.list.caffeine.text", lambda t: t.replace("दूसरे पदार्थ", "दूसरे ड्रग्स"), "terminology", "functional"),
    # the English INN alone where Hindi agreed its own form (term.amphetamine)
    ("prevention.medicines.stimulant.text", lambda t: t.replace("एम्फ़ेटामिन (%(amphetamine)s)", "%(amphetamine)s"),
     "names", "critical"),
]


def test_every_seeded_mistake_is_found_with_its_severity_and_line(scratch):
    po = catalog(scratch, "hi")
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
    po = catalog(scratch, "hi")
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
    po = catalog(scratch, "hi")
    set_translation(po, "prevention.sleep.hours.text", "हर दिन कम से कम ६-८ घंटे बिना रुकावट सोएँ। नींद शरीर "
                    "को ठीक होने में मदद करती है और नसों को आराम देती है।")
    assert not [f for f in assess_one(scratch, "hi").findings if f.check == "numbers"]


def test_bidi_override_in_arabic_is_critical(scratch):
    po = catalog(scratch, "ar")
    current = next(e for e in polib.pofile(str(po)) if e.msgctxt == "poster.prevention.sleep").msgstr
    assert "6 إلى 8" in current
    set_translation(po, "poster.prevention.sleep", current.replace("6 إلى 8", "\u202e6 إلى 8\u202c"))
    finding = only(assess_one(scratch, "ar").findings, "bidi", "poster.prevention.sleep")
    assert finding.severity == "critical" and "U+202E RIGHT-TO-LEFT OVERRIDE" in finding.message
    assert entry_context_at(po, finding.line) == "poster.prevention.sleep"


def test_translator_comment_silences_a_cosmetic_check_but_never_a_critical_one(scratch):
    po = catalog(scratch, "es")
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


def test_shipped_catalogs_have_no_critical_or_functional_finding(project):
    """make check: nothing critical, nothing functional, in any locale (terminology included)."""
    reports = gate.assess(project, [DOC], project.select_locales(None)).leaflets
    assert [str(f) for r in reports for f in r.findings if f.severity in ("critical", "functional")] == []
    assert {r.locale for r in reports} == {"en", *TRANSLATED}


def test_shipped_drafts_are_not_ready_and_say_why(project):
    for report in gate.assess(project, [DOC], list(TRANSLATED)).leaflets:
        kinds = {r.kind for r in report.reasons}
        assert kinds == {"signoff"}, report.reasons
        (reason,) = report.reasons
        assert f"no sign-off recorded (locales/{report.locale}/muscle-twitching.signoff)" in str(reason)
        assert "locales/en/muscle-twitching.signoff" in str(reason), "the English is not signed off either"
        assert f"make approve LANGS={report.locale} DOCS=muscle-twitching KEY=" in str(reason)


def test_poster_that_no_longer_fits_is_critical(scratch):
    po = catalog(scratch, "fr")
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
    current = next(e for e in polib.pofile(str(catalog(scratch, "fr"))) if e.msgctxt == "poster.prevention.sleep")
    set_translation(catalog(scratch, "fr"), "poster.prevention.sleep", current.msgstr.replace("8", "9"))
    status = main(["--root", str(scratch.root), "check", "--langs", "fr es", "--no-render"])
    out = capsys.readouterr().out
    assert status == 1
    assert "locales/fr/LC_MESSAGES/muscle-twitching.po:" in out and "critical: numbers [poster.prevention.sleep]" in out
    assert "fr       muscle-twitching         1 critical, 0 functional, 0 cosmetic; draft" in out
    assert "es       muscle-twitching         0 critical" in out


def test_stats_json_gives_progress_findings_grade_and_readiness(scratch, capsys):
    set_translation(catalog(scratch, "es"), "risks.heading", "")
    set_fuzzy(catalog(scratch, "es"), "about.heading")
    assert main(["--root", str(scratch.root), "stats", "--json", "--langs", "en es hi"]) == 0
    rows = {row["locale"]: row for row in json.loads(capsys.readouterr().out)}
    es = rows["es"]
    assert (es["translated"], es["fuzzy"], es["untranslated"]) == (es["total"] - 2, 1, 1)
    assert es["functional"] == 2 and es["critical"] == 0 and es["ready"] is False
    assert any("1 untranslated string(s)" in r for r in es["reasons"])
    assert es["review"] == "draft" and es["source_words"] > 1000
    en = rows["en"]
    assert [s["formula"] for s in en["readability"]] == ["Flesch-Kincaid", "SMOG", "Coleman-Liau", "Gunning Fog"]
    assert en["reading_grade"] == max(s["value"] for s in en["readability"]) and 3 < en["reading_grade"] < 12
    assert {s["formula"]: s["kind"] for s in es["readability"]} == {
        "Crawford": "grade", "Fernández-Huerta": "ease", "Szigriszt-Pazos": "ease"}
    assert es["reading_formula"] == "Crawford" and es["reading_grade"] is not None
    assert rows["hi"]["reading_grade"] is None and rows["hi"]["readability"] == []
    assert "no published readability formula" in rows["hi"]["reading_formula"]


def test_stats_table_lists_every_formula_and_says_n_a_with_the_reason(capsys):
    from testkit import ROOT

    assert main(["--root", str(ROOT), "stats", "--langs", "en es fr ar zh_Hans"]) == 0
    out = capsys.readouterr().out
    assert "grade Flesch-Kincaid" in out and "SMOG" in out and "Coleman-Liau" in out and "Gunning Fog" in out
    assert "reading ease Fernández-Huerta" in out and "Szigriszt-Pazos" in out
    assert "reading ease Kandel-Moles" in out
    assert "n/a: textstat's Osman formula counts Arabic syllables from short-vowel marks" in out
    assert "n/a: no published readability formula for 'zh'" in out


def test_french_reading_ease_is_kandel_and_moles_formula():
    """textstat's flesch_reading_ease for French uses Kandel and Moles's constants (1958):
    207 - 1.015 x words per sentence - 73.6 x syllables per word."""
    from textstat.backend.utils._get_lang_cfg import get_lang_cfg

    assert [get_lang_cfg("fr", k) for k in ("fre_base", "fre_sentence_length", "fre_syll_per_word")] == [207, 1.015, 73.6]


def test_reading_grade_counts_list_items_as_sentences():
    from pipeline.publish.stats import as_sentences, reading_grade

    assert as_sentences(["Causes:", "tiredness;", "Rest."]) == "Causes. tiredness. Rest."
    simple = reading_grade(["The cat sat.", "It was warm."] * 5, "en").grade
    hard = reading_grade(["Electromyographic investigations characterise neuromuscular pathophysiology "
                          "comprehensively, notwithstanding considerable interindividual variability."], "en").grade
    assert simple < 4 < 12 < hard  # the highest of four formulas; SMOG never gives less than 3.1


def clear_textstat_caches() -> None:
    """textstat 0.7.8 caches every count and formula by text (functools.lru_cache): clear them
    all, so a figure computed with one dictionary is not served again for the other."""
    import importlib
    import pkgutil

    import textstat.backend

    for info in pkgutil.walk_packages(textstat.backend.__path__, "textstat.backend."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def test_reading_grade_reads_the_cmu_dictionary_entries_it_needs_as_textstat_would(project):
    """The build reads only the leaflet's words from the CMU dictionary (stats._pronunciations_of);
    syllables and every English formula must be what textstat gives with the whole dictionary."""
    from textstat.backend.counts._count_syllables import count_syllables
    from textstat.textstat import textstatistics

    from pipeline.publish.stats import _pronunciations_of, as_sentences, leaflet_body, reading_grade
    from testkit import localized

    units = leaflet_body(localized(project, "en").content)
    units.append("They read the record of d'artagnan's hiccough, then recorded it.")  # variants, comments
    text = as_sentences(units)
    meter = textstatistics()
    meter.set_lang("en_US")
    clear_textstat_caches()
    with _pronunciations_of(text, "en_US"):
        ours = count_syllables(text, "en_US"), [s.value for s in reading_grade(units, "en").scores]
    clear_textstat_caches()
    whole = [round(float(getattr(meter, m)(text)), 1)
             for m in ("flesch_kincaid_grade", "smog_index", "coleman_liau_index", "gunning_fog")]
    assert ours == (count_syllables(text, "en_US"), whole)
    clear_textstat_caches()
    with _pronunciations_of("", "en_US"):  # no entries: every word falls back to hyphenation
        assert count_syllables(text, "en_US") != ours[0]


def test_a_finding_is_pinned_on_the_entry_that_caused_it_not_on_the_poster(scratch):
    """A lone % in a leaflet text stops every edition; it is reported at that entry, once, by
    the placeholder check, and the poster check names it too rather than the longest poster text."""
    po = catalog(scratch, "fr")
    set_translation(po, "about.what", "Les contractions à 100 % involontaires.")
    report = assess_one(scratch, "fr", posters=True)
    placeholders = only(report.findings, "placeholders", "about.what")
    assert entry_context_at(po, placeholders.line) == "about.what"
    fit = [f for f in report.findings if f.check == "poster-fit"]
    assert fit and all(f.msgctxt in ("", "about.what") and not f.msgctxt.startswith("poster.") for f in fit), \
        [str(f) for f in fit]
    assert any("about.what" in f.message or f.line == placeholders.line for f in fit)


def test_a_half_translated_poster_that_does_not_fit_names_the_languages_own_texts(scratch):
    po = catalog(scratch, "hi")
    long = "मांसपेशियों की फड़कन आमतौर पर हानिरहित होती है और कुछ दिनों में ठीक हो जाती है। " * 8
    set_translation(po, "poster.lead", long)  # 640 characters: over an A3 page even at the smallest size
    for entry in polib.pofile(str(po)):
        if entry.msgctxt.startswith("poster.causes"):
            set_translation(po, entry.msgctxt, "")  # still English: not the translator's to shorten
    report = assess_one(scratch, "hi", posters=True)
    (fit,) = [f for f in report.findings if f.check == "poster-fit"]
    assert fit.msgctxt == "poster.lead" and long[:40] in fit.message
    assert "Common" not in fit.message.split("shorten the longest poster texts")[1]


PLURAL_CATALOGS = sorted((Path(__file__).parent.parent / "unit" / "i18n" / "plural-catalogs").glob("*.po"))


@pytest.mark.parametrize("path", PLURAL_CATALOGS, ids=[p.stem for p in PLURAL_CATALOGS])
def test_plural_forms_that_disagree_with_cldr_are_critical(scratch, path):
    locale, expected = path.read_text().split("\n", 1)[0].removeprefix("# expect ").split(": ", 1)
    catalog(scratch, locale).write_text(path.read_text().split("\n", 1)[1])
    report = assess_one(scratch, locale)
    (finding,) = [f for f in report.findings if f.check == "plural-forms"]
    assert finding.severity == "critical" and expected in finding.message and "CLDR" in finding.message


def test_stats_of_a_valid_but_unknown_locale_fail_that_locale_with_a_message(scratch, capsys):
    folder = scratch.locales / "qq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "layouts.po").write_text('msgid ""\nmsgstr ""\n"Language: qq\\n"\n'
                                       '"Content-Type: text/plain; charset=UTF-8\\n"\n')
    assert main(["--root", str(scratch.root), "stats", "--langs", "qq fr"]) == 0
    out = capsys.readouterr().out
    assert "qq       muscle-twitching" in out and "'qq' is not a locale CLDR knows" in out
    assert "fr       muscle-twitching" in out
