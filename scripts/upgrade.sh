#!/bin/sh
# The tested upgrade path: refresh both lock files to the newest versions pyproject.toml allows,
# install them, run the whole suite and the benchmark. Review `git diff requirements*.lock`,
# look at the PDFs (a new Pango, HarfBuzz or fontTools can move a line), then commit.
set -eu
TOOLS=.venv-tools
[ -x "$TOOLS/bin/pip-compile" ] || { python3 -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet pip-tools; }
COMPILE="$TOOLS/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links"
$COMPILE -o requirements.lock pyproject.toml
$COMPILE --extra test -c requirements.lock -o requirements-test.lock pyproject.toml
$COMPILE --extra dask -c requirements.lock -o requirements-dask.lock pyproject.toml
git --no-pager diff --stat -- requirements*.lock || true
rm -rf .venv
make test
make bench
echo "Upgrade tested. Review the lock files' diff and the PDFs, then commit."
