"""The staff page output/index.html, opened in a real headless Chromium (Debian's `chromium`).

Chromium and chromedriver come from the set-up step (scripts/setup-system.sh installs the Debian
packages), so their absence fails these tests with the command to fix it instead of skipping.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.publish import index
from pipeline.publish.gate import assess
from pipeline.publish.stats import statistics
from testkit import ALL_LOCALES, DOC, catalog, set_translation

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1600")

#: Runs in the page: every link must answer 200 (fragments must name an element), every image
#: must have loaded with a size.
CHECK_PAGE = """
const done = arguments[arguments.length - 1];
(async () => {
  const problems = [];
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) problems.push(`image did not load: ${img.src}`);
  }
  const links = [...document.querySelectorAll("a[href]")];
  for (const a of links) {
    const url = new URL(a.href);
    if (url.hash && url.pathname === location.pathname) {
      if (!document.getElementById(decodeURIComponent(url.hash.slice(1)))) problems.push(`no target: ${a.href}`);
      continue;
    }
    const response = await fetch(a.href, {method: "HEAD"});
    if (response.status !== 200) problems.push(`${response.status}: ${a.href}`);
  }
  done({problems, links: links.length, images: document.images.length});
})().catch(error => done({problems: [String(error)], links: 0, images: 0}));
"""


def browser_paths() -> tuple[str, str]:
    """Chromium and chromedriver, or a failure that says how to install them."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("headless Chromium is needed to check output/index.html: run `make setup` as root, or "
                    "`sudo apt-get install chromium chromium-driver` (scripts/setup-system.sh lists them)")
    return chromium, driver


@contextmanager
def chromium(tmp_path: Path):
    from selenium import webdriver

    binary, driver_path = browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary  # never let Selenium Manager look for (or download) a browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve `folder` on a loopback port for the length of the block."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium chromium-driver"):
        browser_paths()
