#!/bin/sh
# Create .venv and install the pipeline into it, from the lock file with pinned hashes, so every
# machine runs the same versions and makes byte-identical PDFs.
#   scripts/setup-python.sh          what building needs (requirements.lock)
#   scripts/setup-python.sh test     and what the tests need (requirements-test.lock)
#   scripts/setup-python.sh dask     and Dask, for a cluster's coordinator and workers (requirements-dask.lock)
# Two `make` started at once on a fresh clone would both create .venv; a lock makes the second
# wait for the first.
set -eu
PYTHON=${PYTHON:-python3}
VENV=.venv
LOCK=requirements.lock
STAMP=$VENV/.installed
[ "${1:-}" = "test" ] && LOCK=requirements-test.lock && STAMP=$VENV/.installed-test
[ "${1:-}" = "dask" ] && LOCK=requirements-dask.lock && STAMP=$VENV/.installed-dask

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed as '$PYTHON'. Install it, or run: make PYTHON=python3.12" >&2
    exit 1
fi

exec 9>.setup.lock
if command -v flock >/dev/null 2>&1; then
    flock 9
fi

if [ -f "$STAMP" ] && [ "$STAMP" -nt "$LOCK" ] && [ "$STAMP" -nt pyproject.toml ]; then
    exit 0  # another make finished the set-up while this one waited
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" || {
        echo "Could not create $VENV. On Debian or Ubuntu run: sudo apt-get install python3-venv" >&2
        rm -rf "$VENV"; exit 1; }
fi
echo "Installing the pipeline into $VENV from $LOCK (first run only)..."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$LOCK" || {
    echo "Installing Python packages failed (see above). Check the network connection (the packages come" >&2
    echo "from PyPI), then run make again." >&2
    exit 1; }
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . || {
    echo "Installing the pipeline itself failed (see above); run make again, or delete $VENV and run make." >&2
    exit 1; }
touch "$STAMP"
