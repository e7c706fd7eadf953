"""Shared fixtures: the real project, one build of every output into a temporary folder, and
scratch copies of the project a test may change. Tests are marked by their folder: `unit`
(pure logic, `make test-fast`), `integration` (renders or the shared build), `system` (whole
processes, signals, a browser, a cluster)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.builder import build
from pipeline.project import Project
from testkit import DOC, ROOT

TIERS = ("unit", "integration", "system")


def pytest_collection_modifyitems(items):
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in TIERS:
            item.add_marker(getattr(pytest.mark, parts[0]))


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def build_summary(tmp_path_factory, project):
    """Every edition of every locale, built once for the whole session (output/ is untouched),
    and the build's Summary (each Outcome carries what the print preflight found)."""
    out = tmp_path_factory.mktemp("output")
    target = Project(ROOT, out)
    summary = build(target, [DOC], target.select_locales(None))
    assert summary.ok, [o.message for o in summary.outcomes if not o.ok] + [f.message for f in summary.failures]
    return target, summary


@pytest.fixture(scope="session")
def built(build_summary):
    """The project whose output folder holds that build."""
    return build_summary[0]


def copy_project(source: Path, into: Path) -> Project:
    """A copy of a project's inputs; font files are hard links (read-only here, and large)."""
    for name in ("sources", "locales"):
        shutil.copytree(source / name, into / name)
    shutil.copytree(source / "layouts", into / "layouts", ignore=shutil.ignore_patterns("*.otf", "*.ttf"))
    for font in (source / "layouts" / "fonts").glob("**/*.[ot]tf"):  # the extracted CJK faces (cjk/) too
        target = into / font.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(font, target)
        except OSError:
            shutil.copy2(font, target)
    shutil.copy(source / "babel.cfg", into / "babel.cfg")
    return Project(into)


@pytest.fixture
def scratch(tmp_path) -> Project:
    """A copy of the project's inputs that a test may change freely."""
    return copy_project(ROOT, tmp_path / "project")
