"""One job, in a worker: localize, render, check the pages, draw the thumbnail; return the bytes.

The print preflight (pipeline.checks.preflight) reads every PDF as written: its findings travel
with the outcome, into the build summary, the manifest and the staff index.

A worker imports WeasyPrint once and keeps one `Renderer` (one FontConfiguration) for all its
jobs. Every error of a job is caught here and returned as a failed `Outcome` naming the job
(and the file and line, when the input is to blame), so one bad input fails one job, never the
build. A job is stopped after RENDER_TIME_LIMIT seconds.
"""

from __future__ import annotations

import io
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..checks.preflight.pdf import check_pdf
from ..errors import LeafletError
from ..i18n.locales import locale_info
from ..i18n.localize import localize
from ..project import LAYOUTS_DOMAIN, SOURCE_LOCALE
from .jobs import Inputs, Job, Outcome

#: No render of one document may take longer (seconds); a bilingual leaflet takes about 1.5.
RENDER_TIME_LIMIT = 120
THUMBNAIL_WIDTH = 240  # pixels

_renderer = None


def init_worker(layouts: Path) -> None:
    """Import WeasyPrint once per worker and keep one Renderer (one FontConfiguration)."""
    global _renderer
    from ..render.renderer import Renderer
    _renderer = Renderer(layouts)


class RenderTimeout(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` inside WeasyPrint eats it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the job after `seconds` (an interval timer, in a local worker's main thread). A Dask
    worker runs jobs in threads, where no signal can reach them: there the page limit and the
    cluster's own timeouts bound a job."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):  # type: ignore[no-untyped-def]
        raise RenderTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def thumbnail(pdf: bytes, width: int = THUMBNAIL_WIDTH) -> bytes:
    """The first page of a PDF as a PNG `width` pixels wide, drawn in process by PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil()
    finally:
        document.close()
    data = io.BytesIO()
    image.save(data, format="PNG")
    return data.getvalue()


def render_job(job: Job, inputs: Inputs) -> Outcome:
    """Render one PDF and its thumbnail, check its pages; every error is the job's outcome."""
    started = time.perf_counter()

    def failed(message: str) -> Outcome:
        return Outcome(job, False, message, seconds=time.perf_counter() - started, peak_rss_kib=_peak_rss())

    try:
        assert _renderer is not None, "worker not initialised"
        with time_limit(RENDER_TIME_LIMIT):
            document = inputs.documents[job.document]
            locale = locale_info(job.locale, inputs.clinic.territory)
            english = locale_info(SOURCE_LOCALE, inputs.clinic.territory) if job.edition.layout == "bilingual" else None
            doc = localize(document, locale, inputs.catalogs.get((job.document, job.locale)),
                           inputs.catalogs.get((LAYOUTS_DOMAIN, job.locale)), inputs.strings,
                           inputs.reviews[(job.document, job.locale)], english,
                           inputs.words.get((job.document, job.locale), ()))
            localized = time.perf_counter()
            identifier = f"{document.meta.id}/{document.meta.version}/{job.locale}/{job.edition.name}"
            result = _renderer.render(job.edition, doc, inputs.clinic, identifier.encode(), inspect=_preflight_layout)
            rendered = time.perf_counter()
            pages = check_pdf(result.pdf, print_shop=job.edition.print_shop, expected_lang=doc.lang_tag)
            findings = tuple((f.severity, f.check, f.page, f.message) for f in (*result.findings, *pages))
            checked = time.perf_counter()
            picture = thumbnail(result.pdf)
            timings = (("localize", localized - started), *result.timings, ("check-pdf", checked - rendered),
                       ("thumbnail", time.perf_counter() - checked))
    except RenderTimeout:
        return failed(f"{job}: took longer than {RENDER_TIME_LIMIT} s to render and was stopped; is a translation "
                      "far too long?")
    except LeafletError as exc:
        return failed(str(exc))
    except Exception as exc:  # a bug: report it against the job, keep building the others
        return failed(f"{job}: internal error: {type(exc).__name__}: {str(exc)[:500]}")
    return Outcome(job, True, pages=result.pages, seconds=time.perf_counter() - started, missing=len(doc.missing),
                   draft=doc.review.is_draft, body_pt=result.body_pt, files=tuple(sorted(result.files)),
                   peak_rss_kib=_peak_rss(), findings=findings, timings=timings, pdf=result.pdf, thumbnail=picture)


def _preflight_layout(document, edition, doc) -> list:  # type: ignore[no-untyped-def]
    """The box-level print preflight of the layout a PDF is written from, by the rules of the
    script it is set as (Urdu's are Nastaliq's, Aran, not CLDR's Arab: the font chose it)."""
    from ..checks.preflight.boxes import check_layout

    assert _renderer is not None, "worker not initialised"
    script = _renderer.fonts(doc.locale).script
    return check_layout(document, edition=edition, script=script, language=doc.lang_tag, names=doc.names,
                        dates=(doc.published, doc.review_due), words=doc.words)


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
