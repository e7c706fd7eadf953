"""The web page's style sheet: the layout's own rules, then the clinic's colours and the fonts.

`layouts/web/site.css` holds the layout (phone first, dark mode, print) and reads the brand
through custom properties. This module writes those properties from `sources/clinic.yaml` and
the `@font-face` rules of the page's font subsets, in Python, never through Jinja (which would
HTML-escape quotes inside CSS), with every string hex-escaped (`css_string`).

The clinic chooses its colours for print; on a screen, text must stay readable (WCAG 2.1 AA:
4.5:1 for text) in light and dark mode whatever they are. So the colour of headings and links
is the brand colour where it reads well enough, else the nearest shade of it that does, and
the dark scheme is derived from the same colours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...errors import LeafletError
from ...model.clinic import Clinic
from ...render.fonts import FontFamily
from ...render.html import css_string
from .webfonts import bold_selector

#: What text must reach against its background: WCAG 2.1 AA for normal text is 4.5:1; a
#: margin above it keeps rounding in browsers from ever making it 4.49.
TEXT_CONTRAST = 4.6
LIGHT_BACKGROUND, LIGHT_TEXT = "#ffffff", "#1a1a1a"
DARK_TEXT = "#e9eeee"
#: Naskh letters look a size smaller than Latin ones of the same font size (a short x-height
#: and small bowls): on screen, the Arabic face is drawn a tenth larger, so a Latin drug name
#: or number in an Arabic sentence does not stand out larger than the words around it.
SIZE_ADJUST = {"Arab": "110%"}
SAFE_HREF_RE = re.compile(r"(?:\.\./)*[A-Za-z0-9_][A-Za-z0-9._/-]*")


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour written #rrggbb."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(a: str, b: str, share_of_b: float) -> str:
    """`a` moved `share_of_b` (0-1) of the way towards `b`."""
    return _hex(tuple(x + (y - x) * share_of_b for x, y in zip(_rgb(a), _rgb(b))))  # type: ignore[arg-type]


def readable(colour: str, background: str, ratio: float = TEXT_CONTRAST) -> str:
    """`colour` itself when it reads on `background`, else the first shade of it towards black or
    white (whichever the background is further from) that does."""
    if contrast(colour, background) >= ratio:
        return colour
    towards = "#000000" if luminance(background) > 0.18 else "#ffffff"
    for step in range(1, 101):
        shade = mix(colour, towards, step / 100)
        if contrast(shade, background) >= ratio:
            return shade
    return towards


def on(background: str) -> str:
    """White or near-black text, whichever reads better on `background`."""
    return "#ffffff" if contrast("#ffffff", background) >= contrast(LIGHT_TEXT, background) else LIGHT_TEXT


def brand_rules(clinic: Clinic) -> list[str]:
    """The custom properties site.css reads, for the light scheme and the dark one."""
    primary, accent, tint = clinic.colour("primary"), clinic.colour("accent"), clinic.colour("tint")
    dark_background = mix(primary, "#000000", 0.88)
    dark_tint = mix(primary, dark_background, 0.6)
    band = primary
    light = {
        "--background": LIGHT_BACKGROUND, "--text": LIGHT_TEXT,
        "--heading": readable(primary, LIGHT_BACKGROUND), "--link": readable(primary, LIGHT_BACKGROUND),
        "--band": band, "--on-band": on(band),
        "--accent": accent, "--tint": tint, "--on-tint": readable(LIGHT_TEXT, tint),
        "--muted": readable("#5b6b70", LIGHT_BACKGROUND),
        "--rule": mix(primary, LIGHT_BACKGROUND, 0.75),
        "--draft": readable("#8a1c00", "#fdeee9"), "--draft-background": "#fdeee9",
        "--untranslated": "#b00020",
    }
    dark = {
        "--background": dark_background, "--text": readable(DARK_TEXT, dark_background),
        "--heading": readable(mix(primary, "#ffffff", 0.55), dark_background),
        "--link": readable(mix(primary, "#ffffff", 0.6), dark_background),
        "--band": mix(primary, "#000000", 0.35), "--on-band": on(mix(primary, "#000000", 0.35)),
        "--accent": readable(accent, dark_background, 3.0), "--tint": dark_tint,
        "--on-tint": readable(DARK_TEXT, dark_tint),
        "--muted": readable("#a9b6b9", dark_background),
        "--rule": mix(primary, dark_background, 0.5),
        "--draft": readable("#ffb9a3", "#3b150b"), "--draft-background": "#3b150b",
        "--untranslated": "#ff8094",
    }

    def block(selector: str, values: Mapping[str, str]) -> str:
        return selector + " {\n" + "".join(f"  {name}: {value};\n" for name, value in values.items()) + "}"

    return [block(":root", light), "@media (prefers-color-scheme: dark) {\n" + block(":root", dark) + "\n}"]


def font_face(family: str, weight: int, href: str, script: str = "") -> str:
    """One `@font-face` rule. `href` is a relative address the pipeline made from a font file's
    name and a digest; it is written as it is, so it must hold nothing CSS would read otherwise."""
    if not SAFE_HREF_RE.fullmatch(href):
        raise LeafletError(f"the font address '{href[:80]}' may hold only letters, digits and . _ - /; rename "
                           "the font file in layouts/fonts/ (and fonts.yaml)")
    adjust = f" size-adjust: {SIZE_ADJUST[script]};" if script in SIZE_ADJUST else ""
    return (f"@font-face {{ font-family: {css_string(family)}; src: url(\"{href}\") format(\"woff2\"); "
            f"font-weight: {weight}; font-style: normal; font-display: swap;{adjust} }}")


def font_rules(faces: list[tuple[str, int, str, str]], stacks: Mapping[str, tuple[FontFamily, ...]],
               page_lang: str) -> list[str]:
    """The page's @font-face rules (family, weight, href, script), the rule that makes text bold, and a
    font stack per language on it: the page's own on the root, every other language's (the
    language names of the switcher, an English fallback) on the elements marked with it."""
    def families(stack: tuple[FontFamily, ...]) -> str:
        return ", ".join([css_string(f.family) for f in stack] + ["sans-serif"])

    rules = [font_face(family, weight, href, script) for family, weight, href, script in faces]
    # The only bold on the page (site.css sets no weight): what the font subsets were made for.
    rules.append(f"{bold_selector()} {{ font-weight: 700; }}")
    rules.append(f":root {{ font-family: {families(stacks[page_lang])}; }}")
    for lang, stack in sorted(stacks.items()):
        if lang != page_lang:
            rules.append(f"[lang={css_string(lang)}] {{ font-family: {families(stack)}; }}")
    return rules


def stylesheet(layout_css: str, clinic: Clinic, faces: list[tuple[str, int, str, str]],
               stacks: Mapping[str, tuple[FontFamily, ...]], page_lang: str) -> bytes:
    """The page's style sheet: the brand's properties, its fonts, then the layout's rules."""
    generated = brand_rules(clinic) + font_rules(faces, stacks, page_lang)
    header = "/* Written by the leaflets pipeline from sources/clinic.yaml and layouts/web/site.css. */\n"
    return (header + "\n".join(generated) + "\n\n" + layout_css).encode("utf-8")
