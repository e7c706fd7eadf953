"""Stage 1, the inputs: what the sources say, loaded from YAML with every line remembered.

In: `sources/<document>.yaml` (the guidance) and `sources/clinic.yaml` (the branding).
Out: a `Document` (texts with key paths, notes, limits and lines) and a `Clinic`, small
frozen dataclasses that every later stage reads and none changes.
"""

from .clinic import Clinic, load_clinic
from .document import Document, Text, content_digest, iter_texts, replace_texts
from .source import load_document, parse_document

__all__ = ["Clinic", "Document", "Text", "content_digest", "iter_texts", "load_clinic", "load_document",
           "parse_document", "replace_texts"]
