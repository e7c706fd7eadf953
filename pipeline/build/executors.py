"""Where jobs run: in this process, or in a pool of worker processes.

A build hands an executor a picklable function and a list of jobs and gets outcomes back in
any order. That is the whole interface, so a site with thousands of documents could hand the
same jobs to a distributed engine by writing one more class, without touching the stages.
Each worker calls `init(*init_args)` once (to import WeasyPrint and keep one
FontConfiguration) and gets its own temporary folder under the build's, which the build
removes afterwards, also when a build fails or is interrupted.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

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
