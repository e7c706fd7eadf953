# Staff entry points. Every target sets itself up first (a .venv with the pipeline, and the
# system libraries when run as root), then calls the `leaflets` command, which does the work.
# LANGS="hi ar" restricts any target to those locales.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LEAFLETS := $(BIN)/leaflets
STAMP := $(VENV)/.installed
LANGS ?=
export LANGS

.DEFAULT_GOAL := all
.PHONY: all test pot update-po check stats preview release bench clean help setup

all: $(STAMP) ## Build every leaflet and poster into output/<locale>/ (the default)
	$(LEAFLETS) build

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

pot: $(STAMP) ## Extract the English strings into locales/muscle-twitching.pot
	$(LEAFLETS) pot

update-po: pot ## Merge the template into every catalog (changed English becomes fuzzy)
	$(LEAFLETS) update-po

check: $(STAMP) ## Check the catalogs for translation mistakes
	$(LEAFLETS) check

stats: $(STAMP) ## Show translation progress and review status per locale
	$(LEAFLETS) stats

preview: $(STAMP) ## Build LANGS only, with PNG previews in output/<locale>/preview/
	$(LEAFLETS) preview

release: $(STAMP) ## Build reviewed locales into output/release/; refuses drafts
	$(LEAFLETS) release

bench: $(STAMP) ## Measure build speed and memory against the targets (a few minutes)
	$(BIN)/python -m pipeline.bench

setup: $(STAMP) ## Set up .venv and the system libraries (done by every target)

$(STAMP): pyproject.toml scripts/setup-system.sh
	@sh scripts/setup-system.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Python 3.11 or newer is needed as '$(PYTHON)'. Install it, or run: make PYTHON=python3.12" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create $(VENV). On Debian or Ubuntu run: sudo apt-get install python3-venv" >&2; exit 1; }
	@echo "Installing the pipeline into $(VENV) (first run only)..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' || { \
	  echo "Installing Python packages failed (see above). Check the network connection, then run make again." >&2; exit 1; }
	@touch $(STAMP)

clean: ## Remove generated outputs (output/) and compiled catalogs
	rm -rf output
	find locales -name '*.mo' -delete

help: ## List the targets
	@echo "Usage: make [target] [LANGS=\"hi ar\"]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)$$/  \1\t\2/' | expand -t 14
