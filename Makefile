# Staff entry points. Every target sets itself up first (a .venv with the pipeline, and the
# system libraries when run as root), then calls the `leaflets` command, which does the work.
# LANGS="hi ar" restricts any target to those locales, DOCS="muscle-twitching" to those documents.

PYTHON ?= python3
export PYTHON
VENV := .venv
BIN := $(VENV)/bin
LEAFLETS := $(BIN)/leaflets
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The font faces set-up makes (CJK, taken out of Debian's fonts-noto-cjk; see layouts/fonts/fonts.yaml).
FONTS := layouts/fonts/cjk/.extracted
SETUP := $(STAMP) $(FONTS)
LANGS ?=
DOCS ?=
KEY ?=
export LANGS DOCS

.DEFAULT_GOAL := all
.PHONY: all test test-fast lint pot update-po check stats preview release approve bench upgrade clean help setup setup-dask

all: $(SETUP) ## Build every leaflet and poster into output/<locale>/ (the default)
	$(LEAFLETS) build

test: $(TEST_STAMP) lint ## Run every test: unit, integration and system (about 15 minutes)
	$(BIN)/python -m pytest

test-fast: $(TEST_STAMP) ## Run the unit tests only (about 10 seconds)
	$(BIN)/python -m pytest -q -m unit tests/unit

# The fast loop keeps Python's compiled modules and pytest's rewritten tests between runs (Python's
# default; some containers switch it off, which costs a second of recompiling on every run).
test-fast: export PYTHONDONTWRITEBYTECODE =

lint: $(TEST_STAMP) ## Lint (ruff) and type-check (mypy) the pipeline
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/mypy

pot: $(STAMP) ## Extract the English strings into locales/<document>.pot and locales/layouts.pot
	$(LEAFLETS) pot

update-po: pot ## Merge the templates into every catalog (changed English becomes fuzzy; new ones created)
	$(LEAFLETS) update-po

check: $(SETUP) ## Check the catalogs for translation mistakes
	$(LEAFLETS) check

stats: $(SETUP) ## Show translation progress and review status per document and locale
	$(LEAFLETS) stats

preview: $(SETUP) ## Build LANGS only, with PNG previews in output/<locale>/preview/
	$(LEAFLETS) preview

release: $(SETUP) ## Build signed-off leaflets into output/release/; refuses drafts
	$(LEAFLETS) release

approve: $(SETUP) ## Sign off a reviewed language: make approve LANGS=hi KEY=~/.ssh/id_ed25519 [DOCS=...]
	@test -n "$(LANGS)" -a -n "$(KEY)" || { echo "Usage: make approve LANGS=hi KEY=~/.ssh/id_ed25519 [DOCS=muscle-twitching]" >&2; exit 2; }
	$(LEAFLETS) approve --key "$(KEY)"

bench: $(TEST_STAMP) ## Measure build speed and memory against the targets (several minutes)
	$(BIN)/python scripts/bench.py

upgrade: ## Refresh the lock files to the newest allowed versions, then run the suite and the benchmark
	sh scripts/upgrade.sh

setup: $(SETUP) ## Set up .venv and the system libraries (done by every target)

setup-dask: $(SETUP) ## Add Dask to .venv (and the fonts), for a coordinator or worker of a cluster (see README)
	@sh scripts/setup-python.sh dask

$(STAMP): pyproject.toml requirements.lock scripts/setup-system.sh scripts/setup-python.sh
	@sh scripts/setup-system.sh
	@sh scripts/setup-python.sh

$(FONTS): $(STAMP) layouts/fonts/fonts.yaml
	@$(LEAFLETS) fonts
	@touch $@

$(TEST_STAMP): $(SETUP) requirements-test.lock
	@sh scripts/setup-system.sh test
	@sh scripts/setup-python.sh test

clean: ## Remove generated outputs (output/)
	rm -rf output

help: ## List the targets
	@echo "Usage: make [target] [LANGS=\"hi ar\"] [DOCS=\"muscle-twitching\"]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)$$/  \1\t\2/' | expand -t 14
