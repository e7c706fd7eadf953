"""Past one machine: the same jobs on a Dask cluster (a LocalCluster of two worker processes,
started by the test), the same PDFs byte for byte, a dead worker costing only its job."""

from __future__ import annotations

import os
import signal

import pytest

from pipeline.builder import build
from pipeline.builder.executors import DaskExecutor
from pipeline.errors import LeafletError
from pipeline.project import Project
from testkit import DOC, ROOT, catalog, set_translation

LOCALES = ["en", "hi", "ar", "zh_Hans"]
EDITIONS = ("leaflet", "poster", "poster-print")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as dask_client:
        yield dask_client


def outputs(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.output)): p.read_bytes() for p in sorted(project.output.rglob("*.pdf"))}


def test_the_cluster_makes_the_same_pdfs_as_the_local_pool(tmp_path, client):
    local, remote = Project(ROOT, tmp_path / "local"), Project(ROOT, tmp_path / "dask")
    assert build(local, [DOC], LOCALES, workers=2, only=EDITIONS).ok
    summary = build(remote, [DOC], LOCALES, executor=DaskExecutor(client, ROOT / "layouts"), only=EDITIONS)
    assert summary.ok, [o.message for o in summary.failed]
    assert len(summary.outcomes) == len(LOCALES) * len(EDITIONS)
    assert outputs(remote) == outputs(local) and len(outputs(local)) == len(LOCALES) * len(EDITIONS)
    # The coordinator keeps the manifest as a local build does: nothing to do the second time.
    again = build(remote, [DOC], LOCALES, executor=DaskExecutor(client, ROOT / "layouts"), only=EDITIONS)
    assert not again.outcomes and len(again.skipped) == len(LOCALES) * len(EDITIONS)


def test_a_worker_that_dies_costs_only_its_job(tmp_path, client):
    target = Project(ROOT, tmp_path / "out")
    killed = []

    def kill_a_worker(outcome):
        if not killed:  # after the first PDF comes back, one worker process dies mid-build
            pids = sorted(client.run(os.getpid).values())
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    summary = build(target, [DOC], LOCALES, report=kill_a_worker, executor=DaskExecutor(client, ROOT / "layouts"),
                    only=EDITIONS)
    assert killed and summary.ok, [o.message for o in summary.failed]
    assert len([o for o in summary.outcomes if o.ok]) == len(LOCALES) * len(EDITIONS)
    client.wait_for_workers(2, timeout=60)  # the nanny starts a new worker for the next test


def test_a_job_that_fails_on_the_cluster_names_its_file_and_line(scratch, client):
    set_translation(catalog(scratch, "hi"), "about.what", "100% फड़कन %(x)s")
    summary = build(scratch, [DOC], ["hi", "en"], executor=DaskExecutor(client, ROOT / "layouts"), only=("poster",))
    failed = {o.job.locale: o.message for o in summary.failed}
    assert list(failed) == ["hi"]
    assert "locales/hi/LC_MESSAGES/muscle-twitching.po:" in failed["hi"] and "placeholders are broken" in failed["hi"]


def test_workers_whose_layouts_differ_from_the_coordinators_are_refused(scratch, client):
    css = scratch.layouts / "poster.css"
    css.write_text(css.read_text() + "\n/* changed here only */\n")
    with pytest.raises(LeafletError, match="differ from the coordinator's"):
        build(scratch, [DOC], ["en"], executor=DaskExecutor(client, scratch.layouts), only=("poster",))
