"""Stage 2, languages: templates out, catalogs in, and one document localized per locale.

In: the document model, `locales/<locale>/LC_MESSAGES/<domain>.po` and CLDR (through Babel, and
CLDR's exemplar characters in `data/exemplars.json`, which Babel lacks).
Out: `locales/<domain>.pot` templates, merged catalogs (`update-po`, with a translation memory),
and a `LocalizedDocument`: every text in the locale's words, or in English visibly marked; a
language's letters (`exemplars`), and each script's typography (`scripts`, from `scripts.yaml`),
which the later stages read.
"""
