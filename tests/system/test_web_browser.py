"""The web edition in a real headless Chromium (tests/browserkit.py), served over loopback HTTP as
the clinic's host would serve output/site/: every page at a phone's and a desktop's width passes
axe-core at WCAG 2.1 AA, never scrolls sideways, mirrors in Arabic, shows its text in its own
fonts, loads nothing from anywhere else, and keeps working with the reader's larger text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browserkit import CHECK_PAGE, chromium, serve
from pipeline.publish.web import site_folder, write_site
from testkit import ALL_LOCALES, DOC, catalog, set_translation

WIDTHS = (360, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [*ALL_LOCALES, "index"]


def address(base: str, page: str) -> str:
    """What a printed QR code opens (no trailing slash: the server redirects to the folder)."""
    return f"{base}/leaflets/{DOC}" if page == "index" else f"{base}/leaflets/{page}/{DOC}"


@pytest.fixture(scope="module")
def site(built) -> Path:
    result = write_site(built, [DOC], list(ALL_LOCALES))
    assert result.ok
    return site_folder(built)


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    with serve(site) as base, chromium(tmp_path_factory.mktemp("chromium"), performance_log=True) as driver:
        driver.set_script_timeout(120)
        yield base, driver


def open_page(driver, url: str, width: int, scheme: str = "light", media: str = "") -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")


def axe_violations(driver) -> list[str]:
    """axe-core run on the page for WCAG 2.1 A and AA. The engine is axe-core-python's copy
    (axe-core 4.4): the one axe-selenium-python ships is 3.1.1, which has no rule tagged wcag21a
    and refuses the tag. Injected and run by hand with the options passed as a value (both
    wrappers write a Python dict into the script as text)."""
    from axe_core_python.base import AXE_FILE_PATH

    driver.execute_script(AXE_FILE_PATH.read_text(encoding="utf-8"))
    assert driver.execute_script("return axe.version").startswith("4.")
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => n.target)))))"
        ".catch(e => done(['axe failed: ' + e]))", AXE_TAGS)
    return list(result)


def overflow(driver) -> tuple[int, int]:
    return tuple(driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"))  # type: ignore[return-value]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_passes_axe_at_wcag_21_aa_and_never_scrolls_sideways(browser, page, width):
    base, driver = browser
    open_page(driver, address(base, page), width)
    assert driver.current_url.endswith("/"), "the server should redirect the QR address to the folder"
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []  # nothing the policy blocked
    assert axe_violations(driver) == []
    scroll_width, client_width = overflow(driver)
    assert scroll_width <= client_width


@pytest.mark.parametrize("page", PAGES)
def test_each_page_passes_axe_in_dark_mode(browser, page):
    base, driver = browser
    open_page(driver, address(base, page), 360, scheme="dark")
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "the dark scheme did not apply"
    assert axe_violations(driver) == []


@pytest.mark.parametrize("page", PAGES)
def test_every_link_and_image_of_a_page_loads_and_nothing_comes_from_elsewhere(browser, page):
    base, driver = browser
    driver.get_log("performance")  # forget earlier pages' requests
    # The page's own policy (Content-Security-Policy: nothing but its site, and no fetch at all)
    # would stop the checking script's fetch(): set aside for this test, which so also shows
    # the markup itself asks for nothing from elsewhere.
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    try:
        open_page(driver, address(base, page), 360)
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")  # every name
        driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")
        result = driver.execute_async_script(CHECK_PAGE)
    finally:
        driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    assert result["problems"] == [] and result["images"] >= 1
    assert result["links"] >= (len(ALL_LOCALES) if page == "index" else len(ALL_LOCALES) + 2)
    requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert urls and all(url.startswith(base + "/") for url in urls), [u for u in urls if not u.startswith(base)]
    fonts = driver.execute_script("return [...document.fonts].map(f => [f.family, f.weight, f.status])")
    assert fonts and not [f for f in fonts if f[2] == "error"]
    assert driver.execute_script("return document.scripts.length") == 0
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("page", ["en", "hi", "ta", "ar", "zh_Hans", "index"])
def test_the_text_is_drawn_in_the_pages_own_fonts(browser, page):
    """Every text node of the page is drawn with the subset fonts it declares, none with a font
    of the machine (Chromium says which font drew each run of a node: CSS.getPlatformFontsForNode)."""
    base, driver = browser
    open_page(driver, address(base, page), 1280)
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]
    nodes = driver.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root["nodeId"], "selector": "body *"})["nodeIds"]
    used: dict[str, set[bool]] = {}
    for node in nodes:
        for font in driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used.setdefault(font["familyName"], set()).add(font["isCustomFont"])
    assert used and all(custom == {True} for custom in used.values()), used


@pytest.mark.parametrize("page", ["fr", "hi", "ar", "zh_Hans", "index"])
def test_bold_text_is_drawn_in_a_bold_face_and_regular_text_in_a_regular_one(browser, page):
    """Each page's bold faces hold only its bold text's characters (webfonts.BOLD_*): a bold
    character missing there would be drawn in the regular face, made bold by the browser.
    (Chromium also counts, for an element, the faces of the white space between its children,
    so a regular element is only asked to use a regular face somewhere.)"""
    base, driver = browser
    open_page(driver, address(base, page), 1280)
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    marked = driver.execute_script("""
        const found = [];
        document.querySelectorAll('body *').forEach((e, i) => {
          if ([...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) {
            e.setAttribute('data-text', String(i));
            found.push([String(i), parseInt(getComputedStyle(e).fontWeight) >= 600, e.outerHTML.slice(0, 60)]);
          }
        });
        return found""")
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]
    wrong = []
    for mark, bold, html in marked:
        node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root["nodeId"], "selector": f'[data-text="{mark}"]'})
        faces = {f["postScriptName"] for f in
                 driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]}
        if (bold and not all(name.endswith("-Bold") for name in faces)) or \
                (not bold and all(name.endswith("-Bold") for name in faces)):
            wrong.append((html, bold, sorted(faces)))
    assert len(marked) > 20 and wrong == []


def test_arabic_is_laid_out_from_the_right(browser):
    base, driver = browser
    for width in WIDTHS:
        open_page(driver, address(base, "ar"), width)
        layout = driver.execute_script("""
            const box = s => document.querySelector(s).getBoundingClientRect();
            const text = s => { const r = document.createRange(); r.selectNodeContents(document.querySelector(s));
                                return r.getBoundingClientRect(); };
            const list = getComputedStyle(document.querySelector('main ul'));
            const callout = getComputedStyle(document.querySelector('.callout.action'));
            return {dir: document.documentElement.dir, logo: box('.logo'), name: box('.clinic-name'),
                    main: box('main .titles'), h1: text('h1'), listStart: [list.paddingRight, list.paddingLeft],
                    border: [callout.borderRightWidth, callout.borderLeftWidth],
                    address: text('.address'), contact: box('.contact')}""")
        assert layout["dir"] == "rtl"
        assert layout["logo"]["left"] > layout["name"]["left"], "the logo starts the band, on the right"
        assert abs(layout["h1"]["right"] - layout["main"]["right"]) <= 2, "headings start on the right"
        assert layout["h1"]["left"] > layout["main"]["left"] + 16
        assert float(layout["listStart"][0].rstrip("px")) > 0 == float(layout["listStart"][1].rstrip("px"))
        assert layout["border"][0] != "0px" and layout["border"][1] == "0px", "the call-out's bar is on the right"
        assert abs(layout["address"]["right"] - (layout["contact"]["right"])) <= 2, "Latin lines line up right"


def test_tap_targets_are_at_least_44_px(browser):
    base, driver = browser
    for page in ("fr", "ta", "index"):
        open_page(driver, address(base, page), 360)
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        small = driver.execute_script("""
            return [...document.querySelectorAll('a, summary')].map(e => [e.outerHTML.slice(0, 80),
                     e.getBoundingClientRect().width, e.getBoundingClientRect().height])
                   .filter(([, w, h]) => w < 44 || h < 44)""")
        assert small == [], page


def test_the_print_style_sheet_leaves_out_what_cannot_be_tapped_on_paper(browser):
    base, driver = browser
    open_page(driver, address(base, "hi"), 1280, media="print")
    hidden = driver.execute_script(
        "return ['.languages', '.downloads'].map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none", "none"]
    assert driver.execute_script("return getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 0, 0)"


def test_text_follows_the_readers_font_size_and_still_fits_a_phone(site, tmp_path):
    """A reader who set twice the default text size (32 px) gets it, and no page scrolls sideways."""
    prefs = {"webkit": {"webprefs": {"default_font_size": 32}}}
    with serve(site) as base, chromium(tmp_path, prefs=prefs) as driver:
        for page in PAGES:
            open_page(driver, address(base, page), 360)
            size = driver.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
            assert size == pytest.approx(32 * 1.0625)
            scroll_width, client_width = overflow(driver)
            assert scroll_width <= client_width, page


def test_a_3000_letter_word_in_a_translation_wraps_instead_of_widening_the_page(scratch, tmp_path):
    set_translation(catalog(scratch, "fr"), "about.what", "Secousses " + "m" * 3_000)
    write_site(scratch, [DOC], ["en", "fr"], workers=1)
    with serve(site_folder(scratch)) as base, chromium(tmp_path) as driver:
        open_page(driver, address(base, "fr"), 360)
        scroll_width, client_width = overflow(driver)
        assert scroll_width <= client_width


#: Runs in the page: for each paragraph and list item of the text, its text and the offsets
#: (in that text) where a new line starts, found from each character's position on screen.
LINE_STARTS = """
return [...document.querySelectorAll('main p, main li, main h2, main h3, main caption')].map(e => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  let text = '', starts = [], top = null, node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect && rect.width > 0) {
        if (top !== null && rect.top > top + rect.height / 2) starts.push(text.length + i);
        top = rect.top;
      }
    }
    text += node.data;
  }
  return [text, starts];
});
"""


def test_chinese_lines_break_between_words_only(browser):
    """As in the PDFs, a line of Chinese never cuts a word (jieba's, pipeline/i18n/segment.py)."""
    from pipeline.i18n import segment

    base, driver = browser
    for width in (320, 360, 1280):
        open_page(driver, address(base, "zh_Hans"), width)
        checked = 0
        for text, starts in driver.execute_script(LINE_STARTS):
            ends = segment.word_ends(text)
            for start in starts:
                inside_han = start > 0 and segment.HAN_RUN.match(text[start - 1]) and segment.HAN_RUN.match(text[start])
                assert not inside_han or start in ends, (width, text[max(0, start - 6):start] + "|" + text[start:start + 6])
                checked += 1
        assert checked > 20  # lines that wrapped (fewest on a desktop)
