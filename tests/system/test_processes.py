"""Whole builds as processes meet them: killed mid-render, a killed build's leftovers, a worker
that cannot start."""

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

from pipeline.builder import TEMP_PREFIX, build
from testkit import DOC, ROOT

TWO = ("leaflet", "poster")


def rendered(summary) -> set[tuple[str, str]]:
    assert summary.ok, [o.message for o in summary.failed] + [f.message for f in summary.failures]
    return {(o.job.locale, o.job.edition.name) for o in summary.outcomes}


def test_a_killed_builds_temporary_folder_is_cleared_by_the_next_build(scratch):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{dead.pid}-"))
    (leftover / "weasyprint-font.otf").write_bytes(b"x" * 1000)
    build(scratch, [DOC], ["en"], workers=1, only=TWO)
    assert not leftover.exists()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_build_killed_mid_render_leaves_only_complete_pdfs(scratch, sig):
    """Kill a build while it renders; every PDF left must be complete and valid."""
    rendered(build(scratch, [DOC], ["en"], workers=1, only=TWO))  # old, complete outputs to be replaced
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
    rendered(build(scratch, [DOC], ["en", "hi", "zh_Hans"], workers=2, only=TWO))
    assert not list(scratch.output.rglob("*.tmp"))


def _broken_start():
    raise ImportError("No module named 'segno'")


def _identity(job):
    return job


def test_a_worker_that_cannot_start_is_reported_not_restarted_forever(tmp_path):
    """multiprocessing replaces a worker whose start-up fails, forever; ours report it once."""
    from pipeline.builder.executors import PoolExecutor, WorkerStartError

    executor = PoolExecutor(2, _broken_start, (), str(tmp_path))
    with pytest.raises(WorkerStartError, match="No module named 'segno'"):
        list(executor.run(_identity, [1, 2, 3]))


def _limit_file_size():  # runs in the child: a "disk" that takes no file over 60 KB
    import resource
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))


def test_a_full_disk_is_one_line_per_failure_and_the_rest_is_built(scratch):
    """Writes that fail (here a file-size limit, as a full disk fails them) are reported one line
    each, not as a traceback; what fits is built, the index is written, the exit status says so."""
    result = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(scratch.root), "build", "--langs", "en hi",
                             "-j", "1"], cwd=scratch.root, capture_output=True, text=True, preexec_fn=_limit_file_size)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "cannot write: the disk is full" in result.stderr + result.stdout
    written = [p for p in scratch.output.rglob("*.pdf")]
    assert written, "the PDFs that fit are built"
    for pdf in written:
        assert pdf.stat().st_size < 60_000 and pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert not list(scratch.output.rglob("*.tmp")), "no half-written file is left"


def test_two_set_ups_at_once_on_a_fresh_clone_wait_for_each_other(tmp_path):
    """The set-up takes a lock: a second `make` started during the first waits, then finds the
    work done, instead of using a half-made .venv ("No module named pip")."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--local", str(ROOT), str(clone)], check=True)
    for name in ("requirements.lock", "pyproject.toml", "scripts/setup-python.sh"):  # what is being tested
        (clone / name).write_bytes((ROOT / name).read_bytes())
    runs = [subprocess.Popen(["sh", "scripts/setup-python.sh"], cwd=clone, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=900)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sum("Installing the pipeline" in out for out in outputs) == 1, outputs
    assert subprocess.run([str(clone / ".venv" / "bin" / "leaflets"), "--help"], capture_output=True).returncode == 0
