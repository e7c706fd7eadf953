"""The editions made from one localized document, and the paper each is printed on.

An edition is a layout (leaflet, poster, bilingual leaflet) with options (paper, large print,
print-shop output). Its name is the end of the file name: output/<locale>/<doc>-<name>.pdf.
The names do not depend on configuration, so the build can plan jobs before loading anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LeafletError
from ..project import SOURCE_LOCALE

#: CLDR supplemental data, measurementData/paperSize (v46): the territories that use US Letter.
#: Babel does not ship this table, so it is copied here; every other territory uses A4.
US_LETTER_TERRITORIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())


@dataclass(frozen=True)
class Paper:
    name: str  # as people name it
    width_mm: float
    height_mm: float


A4 = Paper("A4", 210, 297)
A3 = Paper("A3", 297, 420)
LETTER = Paper("Letter", 215.9, 279.4)
TABLOID = Paper("Tabloid", 279.4, 431.8)  # 11 x 17 in (CSS calls the portrait sheet "ledger")
#: The leaflet's and the poster's paper in each system.
PAPER_SETS = {"a4": (A4, A3), "letter": (LETTER, TABLOID)}


#: Each layout's stylesheets (after common.css), and those an edition's options add after them.
LAYOUT_CSS = {"leaflet": ("leaflet.css",), "poster": ("poster.css",), "bilingual": ("leaflet.css", "bilingual.css")}
OPTION_CSS = {"large_print": "large-print.css", "print_shop": "poster-print.css"}

#: The sizes (pt) of the leaflets' margin texts, the A4 leaflet's and large print's, as
#: leaflet.css and large-print.css set them (a test checks they agree): the running header's
#: status line, the page counter, the document's lines at the foot. The renderer sizes the margin
#: boxes for them and sets a line smaller only where it would not fit on one line, never below
#: MARGIN_MIN_PT; the preflight holds the pages to them.
MARGIN_PT = {False: {"draft": 9.0, "counter": 8.5, "info": 8.5}, True: {"draft": 11.0, "counter": 12.0, "info": 12.0}}
MARGIN_MIN_PT = 7.0


@dataclass(frozen=True)
class Edition:
    name: str
    layout: str  # the template: leaflet, poster or bilingual
    paper_set: str | None = None  # "a4" or "letter"; None: the locale's default
    large_print: bool = False
    print_shop: bool = False  # bleed, crop marks, PDF/X-1a with CMYK colour
    #: Typical render seconds, measured on a 2-core machine: the first build (no timings in
    #: the manifest yet) starts the long jobs first with these, so no core idles at the end.
    seconds: float = 0.5

    @property
    def is_poster(self) -> bool:
        return self.layout == "poster"

    @property
    def margin_pt(self) -> dict[str, float]:
        """The sizes of its margin texts (MARGIN_PT): "draft", "counter" and "info"."""
        return MARGIN_PT[self.large_print]

    @property
    def template(self) -> str:
        return f"{self.layout}.html.j2"

    @property
    def stylesheets(self) -> tuple[str, ...]:
        """The layouts' stylesheets this edition uses, in cascade order."""
        sheets = ["common.css", *LAYOUT_CSS[self.layout]]
        sheets += [sheet for option, sheet in OPTION_CSS.items() if getattr(self, option)]
        return tuple(sheets)


_ALL = (
    Edition("leaflet", "leaflet"),
    Edition("poster", "poster", seconds=0.3),
    Edition("poster-print", "poster", print_shop=True, seconds=0.3),
    Edition("leaflet-large-print", "leaflet", large_print=True, seconds=0.6),
    Edition("leaflet-letter", "leaflet", paper_set="letter"),
    Edition("poster-tabloid", "poster", paper_set="letter", seconds=0.25),
    Edition("leaflet-bilingual", "bilingual", seconds=1.3),
)
BY_NAME = {edition.name: edition for edition in _ALL}
#: Every edition, in build order.
ALL_EDITIONS = _ALL


def editions_for(locale: str) -> tuple[Edition, ...]:
    """The editions made for one locale.

    English, the source language, has no bilingual edition: English beside English helps no
    one, and a clinician reads the English column of the patient's own bilingual leaflet.
    """
    return tuple(ed for ed in ALL_EDITIONS if not (locale == SOURCE_LOCALE and ed.layout == "bilingual"))


def edition_named(name: str) -> Edition:
    try:
        return BY_NAME[name]
    except KeyError:
        raise LeafletError(f"unknown edition '{name[:40]}'; known: {', '.join(BY_NAME)}") from None


def territory_of(locale: str) -> str | None:
    """The country a locale id names itself (es_MX -> MX), or None (es, zh_Hans)."""
    for part in locale.split("_")[1:]:
        if len(part) == 2 and part.isupper():
            return part
    return None


def default_paper_set(locale: str, clinic_territory: str, setting: str = "auto") -> str:
    """"letter" or "a4": the clinic's setting, else the locale's own country, else the clinic's."""
    if setting in PAPER_SETS:
        return setting
    territory = territory_of(locale) or clinic_territory
    return "letter" if territory in US_LETTER_TERRITORIES else "a4"


def paper_for(ed: Edition, locale: str, clinic_territory: str, setting: str = "auto") -> Paper:
    leaflet, poster = PAPER_SETS[ed.paper_set or default_paper_set(locale, clinic_territory, setting)]
    return poster if ed.is_poster else leaflet

