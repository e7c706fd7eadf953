"""Multilingual, printable patient information: one source, gettext catalogs, WeasyPrint PDFs."""

__version__ = "0.1.0"
