"""Choosing the poster's type size: the largest half point that keeps it on one page, in few layouts."""

from __future__ import annotations

from pipeline.render import typefit


def test_fitting_finds_the_largest_half_point_that_fits_in_few_renders():
    capacity = 31.3  # the largest size that fits, unknown to the fitter

    def render(size):
        fill = (size / capacity) ** 2 * 0.99
        return typefit.Trial(size, 1 if fill <= 1 else 2, fill, size)  # fill: page heights used

    best, trials = typefit.fit(render)
    assert best.body_pt == 31.0
    assert len(trials) <= typefit.MAX_RENDERS
    assert all(t.body_pt <= typefit.BODY_MAX_PT for t in trials)


def test_fitting_from_a_good_first_guess_takes_one_layout():
    def render(size):  # logo, QR code and footer take 35% of the page; the text grows with size^2
        fill = 0.35 + 0.65 * (size / 29.3) ** 2
        return typefit.Trial(size, 1 if fill <= 1 else 2, fill, size)

    best, trials = typefit.fit(render, guess=29.3)
    assert best.body_pt == 29.0 and len(trials) == 1
    best, trials = typefit.fit(render, guess=33)  # too big a guess: overflow, then back down
    assert best.body_pt in (28.5, 29.0) and len(trials) <= 3  # 29 fills 98.7%, past the 98.5% aimed at


def test_the_first_guess_grows_with_the_page_and_shrinks_with_the_text():
    a3, tabloid = (297, 420), (279.4, 431.8)
    assert 26 < typefit.first_guess(431, "Latn", a3) < 28  # the English poster's text
    assert typefit.first_guess(431, "Latn", a3) > typefit.first_guess(600, "Latn", a3)
    assert typefit.first_guess(431, "Hans", a3) < typefit.first_guess(431, "Latn", a3)
    assert typefit.first_guess(431, "Latn", tabloid) < typefit.first_guess(431, "Latn", a3)


def test_fitting_reports_when_even_the_floor_does_not_fit():
    best, trials = typefit.fit(lambda size: typefit.Trial(size, 2, 0.4, None))
    assert best is None and len(trials) == 1


def test_a_runaway_poster_text_is_refused_without_laying_it_out():
    assert typefit.cannot_fit(1_000_000, 300, 79.5, (297, 420))
    assert not typefit.cannot_fit(60, 400, 100, (279.4, 431.8))  # the longest real texts fit easily


def test_each_scripts_headline_floor_is_measured_on_its_own_letter(project):
    """20 mm capitals (or what stands for them: Н, 中, 한, alif) or the Latin lowercase height of
    15 mm for scripts of one letter height (ক, ਕ, ሀ, က); Nastaliq's alif by its ink, as it floats
    0.10 em above the baseline."""
    from pipeline.i18n.scripts import script_settings
    from pipeline.render.fonts import choose_fonts

    fonts = project.layouts / "fonts"
    latin = fonts / choose_fonts(project.layouts, "en").primary.bold
    x_height_mm = typefit.headline_floor_mm("Deva", latin)
    assert 15 < x_height_mm < 15.5 and typefit.headline_floor_mm("Latn", latin) == 20
    for locale in ("ru", "bn", "pa", "gu", "am", "my", "ko", "ja", "zh_Hant", "ur"):
        choice = choose_fonts(project.layouts, locale)
        settings = script_settings(choice.script)
        floor = typefit.headline_floor_pt(fonts / choice.primary.bold, choice.script, latin)
        height = typefit.letter_height(fonts / choice.primary.bold, settings.headline_letter, settings.headline_measure)
        letter_mm = floor * height / typefit.PT_PER_MM
        assert (20 if settings.headline_kind == "cap" else x_height_mm) <= letter_mm < 20.1, locale
    nastaliq = fonts / choose_fonts(project.layouts, "ur").primary.bold
    assert typefit.letter_height(nastaliq, "ا", "ink") < typefit.letter_height(nastaliq, "ا") - 0.05
