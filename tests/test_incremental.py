"""Incremental, reproducible builds: which jobs run after which change, and what is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import TEMP_PREFIX, build, build_lock
from pipeline.errors import LeafletError
from pipeline.project import Project

from .conftest import ROOT, set_translation


TWO = ("leaflet", "poster")  # two editions are enough to show the logic, and faster


def rendered(summary) -> set[tuple[str, str]]:
    assert summary.ok, [o.message for o in summary.failed] + list(summary.failed_locales)
    return {(o.job.locale, o.job.edition) for o in summary.outcomes}


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built_scratch(scratch):
    first = build(scratch, ["en", "fr"], workers=1, only=TWO)
    assert rendered(first) == {("en", "leaflet"), ("en", "poster"), ("fr", "leaflet"), ("fr", "poster")}
    return scratch


def test_nothing_changed_renders_nothing_and_writes_no_file(built_scratch):
    before = snapshot(built_scratch.output)
    again = build(built_scratch, ["en", "fr"], workers=1, only=TWO)
    assert rendered(again) == set() and len(again.skipped) == 4
    assert snapshot(built_scratch.output) == before


def test_editing_one_catalog_renders_only_that_locale(built_scratch):
    set_translation(built_scratch.catalog("fr"), "poster.lead", "La plupart des secousses passent toutes seules.")
    assert rendered(build(built_scratch, ["en", "fr"], workers=1, only=TWO)) == {("fr", "leaflet"), ("fr", "poster")}


def test_editing_a_layout_renders_only_the_editions_that_use_it(built_scratch):
    css = built_scratch.layouts / "leaflet.css"
    css.write_text(css.read_text() + "\n/* a print-shop tweak */\n")
    assert rendered(build(built_scratch, ["en", "fr"], workers=1, only=TWO)) == {("en", "leaflet"), ("fr", "leaflet")}


def test_editing_the_clinic_file_renders_everything(built_scratch):
    clinic = built_scratch.clinic_file
    clinic.write_text(clinic.read_text().replace("020 7946 0321", "020 7946 0999"))
    assert len(rendered(build(built_scratch, ["en", "fr"], workers=1, only=TWO))) == 4


def test_a_removed_or_replaced_pdf_is_rebuilt(built_scratch):
    built_scratch.output_pdf("fr", "poster").unlink()
    built_scratch.output_pdf("en", "leaflet").write_bytes(b"%PDF-1.7 not ours")
    assert rendered(build(built_scratch, ["en", "fr"], workers=1, only=TWO)) == {("fr", "poster"), ("en", "leaflet")}


def test_two_clean_builds_are_byte_identical(scratch, tmp_path):
    first = Project(scratch.root, tmp_path / "one")
    second = Project(scratch.root, tmp_path / "two")
    rendered(build(first, ["hi"], workers=2, only=TWO))
    rendered(build(second, ["hi"], workers=1, only=TWO))
    for edition in ("leaflet", "poster"):
        assert first.output_pdf("hi", edition).read_bytes() == second.output_pdf("hi", edition).read_bytes()


def temp_folders() -> set[Path]:
    """This process's build folders (other builds on the machine may have their own)."""
    return set(Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}{os.getpid()}-*"))


def test_temporary_folders_are_removed_after_success_and_failure(scratch):
    before = temp_folders()
    assert before == set()
    rendered(build(scratch, ["ta"], workers=2, only=TWO))
    assert temp_folders() == before
    (scratch.layouts / "poster.html.j2").write_text("{{ undefined_name }}")
    failing = build(scratch, ["ta"], workers=2, force=True, only=TWO)
    assert not failing.ok and temp_folders() == before


def test_a_killed_builds_temporary_folder_is_cleared_by_the_next_build(scratch):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{dead.pid}-"))
    (leftover / "weasyprint-font.otf").write_bytes(b"x" * 1000)
    build(scratch, ["en"], workers=1, only=TWO)
    assert not leftover.exists()


def test_a_second_build_in_the_same_folder_is_refused(scratch):
    with build_lock(scratch.output):
        with pytest.raises(LeafletError, match="another build is writing to this folder"):
            build(scratch, ["en"], workers=1, only=TWO)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_build_killed_mid_render_leaves_only_complete_pdfs(scratch, sig):
    """Kill a build while it renders; every PDF left must be complete and valid."""
    rendered(build(scratch, ["en"], workers=1, only=TWO))  # old, complete outputs to be replaced
    clinic = scratch.clinic_file
    clinic.write_text(clinic.read_text().replace("020 7946 0321", "020 7946 0777"))
    cmd = [sys.executable, "-m", "pipeline", "--root", str(scratch.root), "build", "--langs", "en hi zh_Hans", "-j", "2"]
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    first_line = process.stdout.readline()  # "Building ..." : the build has started
    assert b"Building" in first_line
    time.sleep(1.5)
    os.killpg(process.pid, sig)
    process.wait(timeout=60)
    pdfs = list(scratch.output.rglob("*.pdf"))
    assert pdfs, "the old outputs should still be there"
    for pdf in pdfs:
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
        assert len(PdfReader(pdf).pages) >= 1
    # The next build finishes the work and leaves no half-written file behind.
    rendered(build(scratch, ["en", "hi", "zh_Hans"], workers=2, only=TWO))
    assert not list(scratch.output.rglob("*.tmp"))


def _broken_start():
    raise ImportError("No module named 'segno'")


def _identity(job):
    return job


def test_a_worker_that_cannot_start_is_reported_not_restarted_forever(tmp_path):
    """multiprocessing replaces a worker whose start-up fails, forever; ours report it once."""
    from pipeline.executors import PoolExecutor, WorkerStartError

    executor = PoolExecutor(2, _broken_start, (), str(tmp_path))
    with pytest.raises(WorkerStartError, match="No module named 'segno'"):
        list(executor.run(_identity, [1, 2, 3]))
