"""Choosing the poster's type size: the largest half point that keeps it on one page, in few layouts."""

from __future__ import annotations

import pytest

from pipeline.render import typefit


def test_fitting_finds_the_largest_half_point_that_fits_in_few_renders():
    capacity = 31.3  # the largest size that fits, unknown to the fitter

    def render(size):
        fill = (size / capacity) ** 2 * 0.99
        return typefit.Trial(size, 1 if fill <= 1 else 2, fill, size)  # fill: page heights used

    best, trials = typefit.fit(render)  # from the floor, on a page with no fixed part: the model's worst case
    assert best.body_pt == 31.0
    assert len(trials) <= 6
    assert all(typefit.BODY_MIN_PT <= t.body_pt <= typefit.BODY_MAX_PT for t in trials)


def poster(capacity, fixed=0.35, wobble=0.0):
    """A poster whose text fills the page at `capacity` pt; `wobble` adds the unevenness of real
    line breaks (a larger size may use a little less room than the model says, never more)."""
    def render(size):
        fill = fixed + (1 - fixed) * (size / capacity) ** 2 - wobble * ((size * 2) % 3) / 3
        return typefit.Trial(size, 1 if fill <= 1 else 2, fill, size)
    return render


@pytest.mark.parametrize("capacity", [24.2, 27.9, 29.3, 33.1, 39.9, 45.0])
def test_the_size_chosen_is_the_same_whatever_the_first_guess(capacity):
    """A build that starts from last build's size chooses what a clean build chooses."""
    render = poster(capacity, wobble=0.004)
    answers = {typefit.fit(render, guess=guess)[0].body_pt for guess in [x / 2 for x in range(40, 90)]}
    assert len(answers) == 1
    (answer,) = answers
    assert render(answer).fits and (answer == typefit.BODY_MAX_PT or not render(answer + 0.5).fits)


def test_from_last_builds_size_two_layouts_prove_it_and_any_guess_takes_few():
    render = poster(29.3)
    best, trials = typefit.fit(render, guess=29.0)  # last build's size
    assert best.body_pt == 29.0 and [t.body_pt for t in trials] == [29.0, 29.5]
    for guess in (24, 27, 33, 40):
        best, trials = typefit.fit(render, guess=guess)
        assert best.body_pt == 29.0 and len(trials) <= 4, (guess, [t.body_pt for t in trials])
    best, trials = typefit.fit(poster(45.0), guess=40)  # room to spare at the largest size
    assert best.body_pt == typefit.BODY_MAX_PT and len(trials) == 1


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
