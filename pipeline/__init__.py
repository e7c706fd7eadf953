"""Multilingual, printable patient information: one source, gettext catalogs, WeasyPrint PDFs.

The stages, each a subpackage that reads what the one before it produced:

    model    sources/*.yaml            -> Document, Clinic
    i18n     Document + locales/*.po   -> templates, merged catalogs, LocalizedDocument
    review   sign-offs + reviewers     -> Review (reviewed by whom, or a draft and why)
    render   LocalizedDocument         -> PDF bytes (Jinja, WeasyPrint; hooks in render.weasy)
    checks   catalogs, PDFs, boxes     -> Findings (translation checks, poster fit, preflight)
    build    the whole pipeline        -> output/<locale>/<document>-<edition>.pdf, incremental
    publish  outputs + checks          -> the gate, sign-offs, release, stats, staff index,
                                          the web edition (output/site/)

`cli` is the `leaflets` command, a thin layer over these. The names below are the public face;
everything else may change between versions.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"
__all__ = ["LeafletError", "Project", "after_build", "assess", "build", "localize", "release", "write_site"]

_EXPORTS = {
    "LeafletError": "pipeline.errors",
    "Project": "pipeline.project",
    "build": "pipeline.builder",
    "localize": "pipeline.i18n.localize",
    "assess": "pipeline.publish.gate",
    "after_build": "pipeline.publish",
    "release": "pipeline.publish",
    "write_site": "pipeline.publish.web",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first used (a build with nothing to do starts fast)."""
    if name in _EXPORTS:
        import importlib
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
