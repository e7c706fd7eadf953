"""Where jobs run: in this process, in a pool of local worker processes, or on a Dask cluster.

A build hands an executor a picklable function (the job function with the build's inputs bound)
and a list of jobs, and gets outcomes back in any order. That is the whole interface. Each local
worker calls `init(*init_args)` once (to import WeasyPrint and keep one FontConfiguration) and
gets its own temporary folder under the build's, which the build removes afterwards, also when a
build fails or is interrupted.

`DaskExecutor` hands the same jobs to an existing distributed engine, Dask (`distributed`), when
a hospital group outgrows one machine: the function and its inputs (source, catalogs, branding,
sign-off results) are scattered to every worker once, each job is submitted with its name only,
and the PDF's bytes come back to the coordinator, which writes them and keeps the manifest as a
local build does. A worker that dies costs only the jobs it held, which the scheduler runs again
elsewhere; a job that raises is retried once. Workers render with their own checkout's
`layouts/` (fonts are large): before its first job a worker checks that its pipeline code and
layouts are byte for byte the coordinator's, so the cluster makes the same PDFs as this machine.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class Executor(Protocol):
    def run(self, fn: Callable[[J], R], jobs: list[J]) -> Iterator[R]: ...


def use_temp_folder(folder: str) -> None:
    """Point this process's temporary files (WeasyPrint's included) into `folder`."""
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder


class InlineExecutor:
    """Runs jobs one after another in this process (for -j1, tests and debugging)."""

    def __init__(self, init: Callable, init_args: tuple, temp_folder: str):
        self.init, self.init_args, self.temp_folder = init, init_args, temp_folder

    def run(self, fn, jobs):
        saved = tempfile.tempdir, os.environ.get("TMPDIR")
        use_temp_folder(self.temp_folder)
        try:
            self.init(*self.init_args)
            for job in jobs:
                yield fn(job)
        finally:
            tempfile.tempdir = saved[0]
            if saved[1] is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = saved[1]


_init_error: str | None = None
_fn: Callable | None = None  # the build's function, given to each worker once


def _worker_init(temp_folder: str, init: Callable, init_args: tuple, fn: Callable) -> None:
    """Start a worker. A failure is kept and reported by its first job: if it escaped here,
    multiprocessing would start a replacement worker, which would fail the same way, forever."""
    global _init_error, _fn
    _fn = fn
    use_temp_folder(tempfile.mkdtemp(prefix=f"worker-{os.getpid()}-", dir=temp_folder))
    try:
        init(*init_args)
    except Exception as exc:
        _init_error = f"{type(exc).__name__}: {exc}"


class WorkerStartError(Exception):
    """A worker process could not start (a missing package, a broken install)."""


def _call(job):
    if _init_error is not None:
        raise WorkerStartError(_init_error)
    assert _fn is not None, "the worker was not started with a function"
    return _fn(job)


class PoolExecutor:
    """A pool of worker processes sized to the cores; terminated at once on interruption.

    A worker is replaced after `jobs_per_worker` jobs: WeasyPrint's caches grow by about a
    quarter of a MiB per document, which over hundreds of documents would pass 250 MiB.
    """

    def __init__(self, workers: int, init: Callable, init_args: tuple, temp_folder: str,
                 jobs_per_worker: int = 40):
        self.workers, self.init, self.init_args, self.temp_folder = workers, init, init_args, temp_folder
        self.jobs_per_worker = jobs_per_worker

    def run(self, fn, jobs: Iterable):
        # fork starts workers fast; the parent has not imported WeasyPrint, so nothing heavy or
        # threaded is duplicated. Elsewhere spawn is the safe default.
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        # The function (with the build's inputs: source, every catalog) goes to each worker
        # once, with its start-up arguments (inherited, not pickled, under fork); each task
        # carries only its job. Pickled with every task it cost 5-40 ms a job, growing with
        # the number of locales.
        pool = context.Pool(self.workers, _worker_init, (self.temp_folder, self.init, self.init_args, fn),
                            maxtasksperchild=self.jobs_per_worker)
        try:
            yield from pool.imap_unordered(_call, jobs)
            pool.close()
        except BaseException:
            pool.terminate()  # interrupted or failed: stop every worker now
            raise
        finally:
            pool.join()


def default_workers() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class DaskExecutor:
    """Jobs on a Dask cluster (`dask scheduler` + `dask worker`), outcomes as they finish."""

    def __init__(self, scheduler: str | Any, layouts: Path):
        self.scheduler = scheduler  # an address (tcp://HOST:8786) or a distributed.Client
        self.layouts = layouts  # the coordinator's layouts/, whose fingerprint the workers must match

    def run(self, fn, jobs):
        from . import code_fingerprint

        fingerprint = code_fingerprint(self.layouts)
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise WorkerStartError("Dask is not installed: run `make setup-dask` on the coordinator and every "
                                   "worker") from None
        client: Any = self.scheduler if not isinstance(self.scheduler, str) else Client(self.scheduler, timeout="30s")
        try:
            remote = client.scatter(fn, broadcast=True, hash=False)
            futures = [client.submit(_dask_job, remote, job, fingerprint, pure=False, retries=1,
                                     key=f"leaflets-{id(remote):x}-{i}") for i, job in enumerate(jobs)]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:
                client.cancel(futures)
                raise
        finally:
            if client is not self.scheduler:
                client.close()


_dask_ready: str | None = None  # the fingerprint this Dask worker process has checked and started


def _dask_job(fn, job, fingerprint: str):
    """One job on a Dask worker: start the renderer on the first (after checking the worker's code
    and layouts are the coordinator's), then run it."""
    global _dask_ready
    if _dask_ready != fingerprint:
        from . import code_fingerprint
        from .worker import init_worker

        layouts = Path(__file__).resolve().parent.parent.parent / "layouts"
        mine = code_fingerprint(layouts)
        if fingerprint and mine != fingerprint:
            raise WorkerStartError(f"this Dask worker's pipeline or layouts differ from the coordinator's "
                                   f"(worker {mine[:12]}, coordinator {fingerprint[:12]}): start the workers from "
                                   "the same checkout or image")
        init_worker(layouts)
        _dask_ready = fingerprint
    return fn(job)
