"""Stage 7, publishing: the gate, sign-offs, `make release`, statistics, previews and the staff index.

In: the built outputs and their build summary, the checks, the sign-offs.
Out: `output/index.html` (every document and locale at a glance), `output/release/` (only what
is complete, free of critical findings on the catalogs and on the printed pages, and signed off),
signed sign-off files, PNG previews, and the statistics of `make stats`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..builder import Summary, build, plan, remove_stale
from ..builder.jobs import Outcome
from ..errors import LeafletError
from ..files import remove
from ..project import Project
from ..render.editions import editions_for

if TYPE_CHECKING:
    from .gate import Assessment, LeafletReport
    from .stats import LocaleStats

__all__ = ["AfterBuild", "after_build", "assess", "release"]


def __getattr__(name: str) -> Any:
    """`assess` imported on first use: the gate loads the checks, and a build with nothing to do
    (which imports this package for the web edition's freshness check) never needs them."""
    if name == "assess":
        from .gate import assess
        return assess
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class AfterBuild:
    assessment: Assessment
    stats: tuple[LocaleStats, ...]
    index: Path


def after_build(project: Project, documents: list[str], locales: list[str], summary: Summary,
                released: bool = False) -> AfterBuild:
    """The checks of what was built, and the output folder's index.html.

    Findings never fail the build of a draft (drafts are marked as such); `make release`
    refuses them. The poster fit is not checked again here: the build just laid every poster out.
    """
    from .gate import assess
    from .index import write_index
    from .stats import statistics

    assessment = assess(project, documents, locales)
    rows = statistics(assessment)
    failures = {(o.job.document, o.job.locale, o.job.edition.name): o.message for o in summary.outcomes if not o.ok}
    for failure in summary.failures:
        for edition in editions_for(failure.locale):
            failures.setdefault((failure.document, failure.locale, edition.name), failure.message)
    index = write_index(project, assessment, rows, failures, released)
    return AfterBuild(assessment, tuple(rows), index)


@dataclass(frozen=True)
class Release:
    project: Project  # output/release/
    summary: Summary
    refused: tuple[tuple[str, str, str], ...]  # (document, locale, why) withdrawn after the build
    after: AfterBuild


def refusals(assessment: Assessment) -> list[LeafletReport]:
    return [report for report in assessment.leaflets if not report.ready]


def _withdraw(target: Project, leaflets: list[tuple[str, str]], documents: list[str], locales: list[str]) -> int:
    """Remove from the release folder what an earlier release made of `leaflets` (document,
    locale), which are not ready now (a sign-off no longer matches, a string was edited): a print
    shop that takes output/release/ must not find them. The folder's index is written again, so
    it lists them as drafts. Returns how many PDFs were removed."""
    if not target.output.is_dir():
        return 0
    removed = 0
    for document, locale in leaflets:
        for job in plan(target, [document], [locale]):
            if job.output.is_file():
                removed += 1
            why = remove_stale(target, job)
            if why:
                raise LeafletError(why)
    if removed and (target.output / "index.html").is_file():
        after_build(target, documents, locales, Summary((), (), (), 0.0), released=True)
    return removed


def release(project: Project, documents: list[str], locales: list[str], workers: int | None = None,
            report: Callable[[Outcome], object] = lambda o: None) -> Release:
    """Build only leaflets that are ready into output/release/; refuse, with every reason, if any
    requested one is not. A leaflet whose printed pages the preflight finds critical is withdrawn
    from the release folder after the build, naming the page."""
    from .gate import assess

    assessment = assess(project, documents, locales, posters=True)
    refused = refusals(assessment)
    target = Project(project.root, project.output / "release")
    if refused:
        lines = []
        for r in refused:
            lines.append(f"{r.locale} {r.document}: not ready to release")
            lines += [f"  - {reason}" for reason in r.reasons]
        withdrawn_files = _withdraw(target, [(r.document, r.locale) for r in refused], documents, locales)
        if withdrawn_files:
            lines.append(f"withdrawn from {target.output.relative_to(project.root)}/: {withdrawn_files} PDF(s) an earlier "
                         "release made of these leaflets, which are no longer ready")
        raise LeafletError("\n".join(lines) + f"\nrelease refused for {len(refused)} leaflet(s). Drafts are built by "
                           "`make` (marked DRAFT) but never released.")
    summary = build(target, documents, locales, workers, report=report)
    withdrawn = []
    for outcome in summary.outcomes:
        critical = [f for f in outcome.findings if f[0] == "critical"]
        if outcome.ok and critical:
            severity, check, page, message = critical[0]
            withdrawn.append((outcome.job.document, outcome.job.locale,
                              f"{outcome.job.output.name}: page {page}: {check}: {message}"))
    for document, locale, _ in withdrawn:
        for outcome in summary.outcomes:
            if (outcome.job.document, outcome.job.locale) == (document, locale):
                remove(outcome.job.output, target.output_boundary)
    after = after_build(target, documents, locales, summary, released=True)
    return Release(target, summary, tuple(withdrawn), after)
