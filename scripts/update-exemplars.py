#!/usr/bin/env python3
"""Regenerate pipeline/i18n/data/exemplars.json: CLDR's exemplar characters for every locale.

Babel (2.18) carries no exemplar characters, so they come from CLDR's own JSON release, the
npm package `cldr-misc-full` (maintained by the Unicode CLDR project). The package is fetched
with npm's ordinary client and checked against the pinned sha256 below, so the same data comes
out on every machine:

    .venv/bin/python scripts/update-exemplars.py                 # runs `npm pack cldr-misc-full@VERSION`
    .venv/bin/python scripts/update-exemplars.py --tarball cldr-misc-full-48.2.0.tgz

To move to a newer CLDR, change VERSION and SHA256 (`npm pack` prints the file; `sha256sum` it),
run this, and look at what `git diff` says changed. Babel's own CLDR (plural rules, dates) is
upgraded separately, with Babel.

For each locale it keeps the sets the pipeline reads: `main` (the letters a text in the language
needs: fonts are chosen by them), `auxiliary` (letters of loanwords and names, and some CLDR
leaves out of `main`: Urdu's ں, Somali's vowels), `punctuation`, and `numbers` (the digits of the
locale's numbering systems). A locale whose sets equal its parent's (`pt-AO` and `pt`) is left out:
lookups fall back along the locale's parents. Sets are re-written with runs as ranges
(pipeline/i18n/unicodeset.py) and parsed back to check nothing changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.i18n.unicodeset import format_set, parse_set  # noqa: E402

PACKAGE = "cldr-misc-full"
VERSION = "48.2.0"
SHA256 = "c6ba8384d7ea8701cf86935db0461379231ddd970cc41c249f4a33b9857ded3c"
KEYS = {"main": "exemplarCharacters", "auxiliary": "auxiliary", "punctuation": "punctuation", "numbers": "numbers"}
OUT = ROOT / "pipeline" / "i18n" / "data" / "exemplars.json"


def fetch(folder: Path) -> Path:
    result = subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(folder)],
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"npm pack failed: {result.stderr.strip()}")
    return folder / f"{PACKAGE}-{VERSION}.tgz"


def read_sets(tarball: Path) -> dict[str, dict[str, str]]:
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{tarball}: sha256 {digest}, not the pinned {SHA256}; refusing")
    found: dict[str, dict[str, str]] = {}
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            if len(parts) != 4 or parts[1] != "main" or parts[3] != "characters.json":
                continue
            locale = parts[2]
            data = json.load(archive.extractfile(member))["main"][locale]["characters"]  # type: ignore[arg-type]
            sets = {}
            for name, key in KEYS.items():
                if data.get(key):
                    parsed = parse_set(data[key])
                    written = format_set(parsed.chars, parsed.strings)
                    if parse_set(written) != parsed:
                        raise SystemExit(f"{locale} {key}: the set does not survive being written back")
                    sets[name] = written
            found[locale] = sets
    return found


def parent(locale: str) -> str | None:
    return locale.rsplit("-", 1)[0] if "-" in locale else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"a downloaded {PACKAGE}-{VERSION}.tgz")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sets = read_sets(args.tarball or fetch(Path(tmp)))
    kept = {}
    for locale in sorted(sets):
        up = parent(locale)
        while up is not None and up not in sets:
            up = parent(up)
        if up is None or sets[up] != sets[locale]:
            kept[locale] = sets[locale]
    data = {
        "_source": f"CLDR {VERSION.split('.')[0]} exemplar characters, npm {PACKAGE}@{VERSION} "
                   f"(sha256 {SHA256}), main/<locale>/characters.json; written by scripts/update-exemplars.py. "
                   "Locales whose sets equal their parent's are left out.",
        "locales": kept,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} of {len(sets)} locales, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
