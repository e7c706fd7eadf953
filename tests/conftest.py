"""Shared fixtures: the real project, and one build of every output into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from pipeline.build import build
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ("es", "fr", "hi", "ta", "ar", "zh_Hans")
ALL_LOCALES = ("en", *TRANSLATED)


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory, project):
    """Every edition of every locale, built once for the whole session (output/ is untouched)."""
    out = tmp_path_factory.mktemp("output")
    target = Project(ROOT, out)
    summary = build(target, target.select_locales(None))
    assert summary.ok, [o.message for o in summary.outcomes if not o.ok] + list(summary.failed_locales)
    return target


@pytest.fixture
def scratch(tmp_path) -> Project:
    """A copy of the project's inputs that a test may change freely."""
    for name in ("sources", "locales", "layouts"):
        if name == "layouts":
            # Fonts are large and read-only here: link them instead of copying.
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.otf", "*.ttf"))
            for font in (ROOT / name / "fonts").glob("*.[ot]tf"):
                (tmp_path / name / "fonts" / font.name).symlink_to(font)
        else:
            shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    return Project(tmp_path)


def set_translation(po_path: Path, msgctxt: str, msgstr: str) -> None:
    """Change one entry of a catalog as a translator's editor would."""
    po = polib.pofile(str(po_path), wrapwidth=79)
    entry = next(e for e in po if e.msgctxt == msgctxt)
    entry.msgstr = msgstr
    po.save()
