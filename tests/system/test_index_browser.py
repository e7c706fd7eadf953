"""The staff page output/index.html, opened in a real headless Chromium (Debian's `chromium`,
through tests/browserkit.py)."""

from __future__ import annotations

import shutil

import pytest

from browserkit import CHECK_PAGE, browser_paths, chromium, serve
from pipeline.cli import main
from pipeline.publish import index
from pipeline.publish.gate import assess
from pipeline.publish.stats import statistics
from testkit import ALL_LOCALES, DOC, catalog, set_translation


@pytest.fixture(scope="module")
def staff_page(built):
    assessment = assess(built, [DOC], list(ALL_LOCALES))
    return index.write_index(built, assessment, statistics(assessment))


def test_index_loads_in_chromium_and_every_link_and_image_resolves(staff_page, tmp_path):
    with serve(staff_page.parent) as base, chromium(tmp_path) as driver:
        driver.get(f"{base}/index.html")
        assert driver.title.startswith("Built leaflets: muscle-twitching")
        driver.set_script_timeout(60)
        result = driver.execute_async_script(CHECK_PAGE)
        assert result["problems"] == []
        pdfs = list(staff_page.parent.glob("*/*.pdf"))
        assert result["images"] == len(pdfs) >= 2 * len(ALL_LOCALES)  # a first-page thumbnail per PDF
        assert result["links"] >= 2 * len(pdfs)
        sections = driver.execute_script("return [...document.querySelectorAll('section.locale')].map(s => s.id)")
        assert sorted(sections) == sorted(f"{locale}-{DOC}" for locale in ALL_LOCALES)
        badges = driver.execute_script("return [...document.querySelectorAll('section .badge')].map(b => b.textContent)")
        assert badges == ["Draft"] * len(ALL_LOCALES)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []


def test_index_says_why_each_locale_is_a_draft(staff_page):
    html = staff_page.read_text(encoding="utf-8")
    assert "no sign-off recorded (locales/hi/muscle-twitching.signoff)" in html
    assert "<code>make approve LANGS=hi DOCS=muscle-twitching KEY=~/.ssh/id_ed25519</code>" in html
    assert html.count('href="hi/muscle-twitching-leaflet.pdf"') >= 2
    assert (staff_page.parent / "hi" / "thumbnails" / "muscle-twitching-poster.png").stat().st_size > 1000


def test_translations_cannot_put_markup_into_the_index(scratch):
    set_translation(catalog(scratch, "es"), "risks.heading", '<img src=x onerror="alert(1)">`rm -rf`')
    assessment = assess(scratch, [DOC], ["es"])
    page = index.write_index(scratch, assessment, statistics(assessment)).read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert index.code_spans("run `make` <now>") == "run <code>make</code> &lt;now&gt;"


def test_build_writes_the_index_and_prints_the_checks(scratch, capsys):
    assert main(["--root", str(scratch.root), "build", "--langs", "fr", "-j", "1"]) == 0
    out = capsys.readouterr().out
    assert "fr       muscle-twitching         0 critical, 0 functional, 0 cosmetic; draft" in out
    page = (scratch.output / "index.html").read_text(encoding="utf-8")
    assert f'id="fr-{DOC}"' in page and 'href="fr/muscle-twitching-poster.pdf"' in page
    assert f'id="hi-{DOC}"' in page and "No PDF in this folder yet" in page  # every locale is listed


def test_missing_chromium_fails_with_the_install_command(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)  # browserkit looks the programs up with it
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium chromium-driver"):
        browser_paths()
