"""The clinic's branding and settings (`sources/clinic.yaml`): changing it rebrands every output."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .yamlreader import Reader, load

COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
PAPER_CHOICES = ("auto", "a4", "letter")
CMYK_RE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s+(\d{1,3}(?:\.\d+)?)\s+(\d{1,3}(?:\.\d+)?)\s+(\d{1,3}(?:\.\d+)?)")
#: What a web address in a QR code may hold: https, a host, and a path of safe characters.
URL_PATTERN_RE = re.compile(r"https://[a-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~{}/-]*)?")
URL_FIELDS = ("{locale}", "{lang}", "{document}")
#: The longest address pattern accepted: the QR code stays small and easy to scan.
MAX_URL_CHARS = 160


@dataclass(frozen=True)
class Clinic:
    """The branding: changing `sources/clinic.yaml` rebrands every output."""

    name: str
    logo: str  # path relative to layouts/
    logo_alt: str
    colours: tuple[tuple[str, str], ...]
    phone: str
    address: tuple[str, ...]
    website: str
    email: str = ""
    path: str = field(default="", compare=False)
    #: ISO 3166 country where the clinic prints; with `paper: auto` it picks A4 or US Letter.
    territory: str = "GB"
    paper: str = "auto"  # "auto", "a4" or "letter"
    #: The clinic's web page for one language: {locale} (folder name) or {lang} (BCP 47 tag).
    leaflet_url: str = ""
    #: Exact CMYK values (0-100 each) for the print shop, by colour name; others are converted.
    print_colours: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()

    def colour(self, name: str) -> str:
        return dict(self.colours)[name]

    def page_url(self, locale: str, lang_tag: str, document_id: str) -> str:
        """The clinic's page for this document in one language (what the QR code opens)."""
        return (self.leaflet_url.replace("{locale}", locale).replace("{lang}", lang_tag)
                .replace("{document}", document_id))


def url_pattern_problems(pattern: str) -> list[str]:
    """Why a web-address pattern cannot go into a QR code, or nothing when it can."""
    if len(pattern) > MAX_URL_CHARS:
        return [f"the address is {len(pattern):,} characters; a QR code a phone reads from across a room "
                f"holds at most {MAX_URL_CHARS}: use a shorter address"]
    if not URL_PATTERN_RE.fullmatch(pattern):
        return [f"'{pattern[:60]}' must be an https:// address of letters, digits and . _ ~ / - "
                "with {locale} or {lang} where the language goes"]
    fields = re.findall(r"\{[^{}]*\}", pattern)
    unknown = sorted(set(fields) - set(URL_FIELDS))
    problems = [f"unknown field {', '.join(unknown)} (allowed: {', '.join(URL_FIELDS)})"] if unknown else []
    if "{locale}" not in fields and "{lang}" not in fields:
        problems.append("must contain {locale} or {lang}, so each language gets its own page")
    if re.sub(r"\{[a-z]+\}", "", pattern).count("{") or re.sub(r"\{[a-z]+\}", "", pattern).count("}"):
        problems.append("has a stray '{' or '}'")
    return problems


def load_clinic(path: Path, layouts_dir: Path, root: Path) -> Clinic:
    """Load and validate the branding; the logo must be a file under `layouts/`."""
    node, shown = load(path, root)
    reader = Reader(shown)
    f = reader.mapping(node, "clinic", required=("name", "logo", "logo_alt", "colours", "phone", "address",
                                                 "website", "territory", "leaflet_url"),
                       optional=("email", "paper", "print_colours"))
    colours = {}
    if "colours" in f:
        cf = reader.mapping(f["colours"], "colours", required=("primary", "accent", "tint"))
        for name, node in cf.items():
            value = reader.scalar(node, f"colours.{name}")
            if not COLOUR_RE.match(value):
                reader.error(node, f"colours.{name}: '{value}' must be a colour written #RRGGBB")
            colours[name] = value
    logo = reader.scalar(f.get("logo"), "logo")
    if "logo" in f:
        resolved = (layouts_dir / logo).resolve()
        if not resolved.is_relative_to(layouts_dir.resolve()) or not resolved.is_file():
            reader.error(f["logo"], f"logo: '{logo}' must be an image file under layouts/ (e.g. brand/logo.svg)")
    website = reader.scalar(f.get("website"), "website")
    if "website" in f and (len(website) > MAX_URL_CHARS or not re.match(r"^https?://[^\s<>\"']+$", website)):
        reader.error(f["website"], f"website: '{website[:60]}' must be a web address starting with https://, "
                                   f"at most {MAX_URL_CHARS} characters")
    address = tuple(reader.printed(n, "address") for n in reader.sequence(f.get("address"), "address"))
    territory = reader.scalar(f.get("territory"), "territory")
    if "territory" in f and not re.fullmatch(r"[A-Z]{2}", territory):
        reader.error(f["territory"], f"territory: '{territory[:20]}' must be a two-letter country code such as GB or US")
    paper = reader.scalar(f.get("paper"), "paper", "auto").lower()
    if paper not in PAPER_CHOICES:
        reader.error(f["paper"], f"paper: '{paper[:20]}' must be one of {', '.join(PAPER_CHOICES)}")
    leaflet_url = reader.scalar(f.get("leaflet_url"), "leaflet_url")
    if "leaflet_url" in f:
        for problem in url_pattern_problems(leaflet_url):
            reader.error(f["leaflet_url"], f"leaflet_url: {problem}")
    print_colours: dict[str, tuple[float, float, float, float]] = {}
    if "print_colours" in f:
        pf = reader.mapping(f["print_colours"], "print_colours", optional=("primary", "accent", "tint"))
        for name, node in pf.items():
            value = reader.scalar(node, f"print_colours.{name}")
            match = CMYK_RE.fullmatch(value)
            if not match or any(float(v) > 100 for v in match.groups()):
                reader.error(node, f"print_colours.{name}: '{value}' must be four percentages written "
                                   "C M Y K, e.g. '90 35 40 25'")
            else:
                c, m, y, k = (float(v) for v in match.groups())
                print_colours[name] = (c, m, y, k)
    clinic = Clinic(
        name=reader.printed(f.get("name"), "name"),
        logo=logo,
        logo_alt=reader.printed(f.get("logo_alt"), "logo_alt"),
        colours=tuple(sorted(colours.items())),
        phone=reader.printed(f.get("phone"), "phone"),
        address=address,
        website=website,
        email=reader.printed(f.get("email"), "email"),
        path=shown,
        territory=territory,
        paper=paper,
        leaflet_url=leaflet_url,
        print_colours=tuple(sorted(print_colours.items())),
    )
    reader.raise_errors()
    return clinic
