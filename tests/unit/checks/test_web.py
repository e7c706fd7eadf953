"""The web edition's checker (pipeline/checks/web.py) on a folder of bad pages, one mistake each
(`web-pages/bad.<case>.html`, whose first line says what it must report), and on the style
sheets, images and sitemap a site holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.checks import REGISTRY
from pipeline.checks.web import check_css, check_page, check_site, check_sitemap, check_svg

HERE = Path(__file__).parent / "web-pages"
ROOT = Path(__file__).resolve().parents[3]
ORIGIN = "https://clinic.example"
PAGE = "leaflets/fr/doc/index.html"
#: The other files of the little site the pages link to.
SITE = {
    "leaflets/fr/doc/style.css": b"", "leaflets/fr/doc/logo.svg": b"<svg/>", "leaflets/fr/doc/doc-leaflet.pdf": b"%PDF",
    "leaflets/en/doc/index.html": b"", "leaflets/doc/index.html": b"", "leaflets/fr/doc/fonts/a.woff2": b"",
}


def findings(name: str) -> list[str]:
    html = (HERE / name).read_text(encoding="utf-8")
    return [str(f) for f in check_page(PAGE, html, ORIGIN, SITE | {PAGE: html.encode()}, f"site/{PAGE}")]


def test_a_page_as_the_edition_writes_it_passes():
    assert findings("good.html") == []


@pytest.mark.parametrize("name", sorted(p.name for p in HERE.glob("bad.*.html")))
def test_each_bad_page_is_reported_with_its_line(name):
    expected = re.match(r"<!-- expect: ([a-z-]+): (.*) -->", (HERE / name).read_text().splitlines()[0])
    assert expected, f"{name}: the first line must say what is expected"
    check, message = expected.groups()
    found = findings(name)
    assert any(f": {REGISTRY[check].severity}: {check}: " in f and message in f for f in found), found
    assert all(re.match(rf"site/{PAGE}:\d+: ", f) for f in found)


def test_style_sheets_may_name_only_files_of_the_site():
    css = '@font-face { src: url("fonts/a.woff2") }\n@font-face { src: url(fonts/b.woff2) }\n' \
          '@import "x.css";\nbody { background: url(https://tracker.example/p.png) }'
    found = [str(f) for f in check_css("leaflets/fr/doc/style.css", css, ORIGIN, SITE, "style.css")]
    assert found == ["style.css:2: critical: web-links: url(fonts/b.woff2): leads to no file of the site",
                     "style.css:3: critical: web-markup: @import in a style sheet",
                     "style.css:4: critical: web-links: url(https://tracker.example/p.png): an absolute address in a "
                     "style sheet"]


def test_an_svg_that_would_run_or_load_anything_is_reported():
    active = b'<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script><image href="https://x.example/a.png"/></svg>'
    found = [f.message for f in check_svg(active, "logo.svg")]
    assert len(found) == 2 and "<script" in found[0] and "href" in found[1]
    assert check_svg((ROOT / "layouts" / "brand" / "riverside-logo.svg").read_bytes(), "logo.svg") == []


def test_the_sitemap_must_name_pages_of_the_site():
    sitemap = (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               b'<url><loc>https://clinic.example/leaflets/en/doc/</loc></url>'
               b'<url><loc>https://clinic.example/leaflets/de/doc/</loc></url></urlset>')
    found = [f.message for f in check_sitemap("sitemap.xml", sitemap, ORIGIN, SITE, "sitemap.xml")]
    assert found == ["https://clinic.example/leaflets/de/doc/: names no page of the site"]


def test_check_site_reads_every_kind_of_file():
    site = {PAGE: (HERE / "bad.script.html").read_bytes(), "leaflets/fr/doc/style.css": b"@import 'x';",
            "sitemap.xml": b"not xml", "leaflets/fr/doc/logo.svg": b"<svg onload='x()'/>"}
    found = sorted((f.path, f.check) for f in check_site(site, ORIGIN, "site"))
    assert found == [("site/leaflets/fr/doc/index.html", "web-markup"), ("site/leaflets/fr/doc/logo.svg", "web-markup"),
                     ("site/leaflets/fr/doc/style.css", "web-markup"), ("site/sitemap.xml", "web-links")]
