# Build and test the speech library site.
#
#   make site       generate docs/ from sources/ and build site/ (mkdocs --strict)
#   make test       run the test suite (PYTEST_ARGS="-k foo -x" to pass options)
#   make serve      regenerate docs/ and preview at http://127.0.0.1:8000
#   make clean      remove site/ and the generated pages in docs/
#   make distclean  clean, and remove the virtual environment too
#
# Every target that needs Python first creates .venv/ from the pinned
# requirements.txt; it is reinstalled only when requirements.txt changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements.stamp
PYTEST_ARGS ?=

# Silence Material for MkDocs' end-of-life banner about MkDocs 2, and make
# hash-seeded iteration order (sets, dict of str) reproducible between runs.
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

GENERATED := docs/index.md docs/speeches docs/collections docs/catalog.json \
             docs/build-report.json

.DEFAULT_GOAL := site
.PHONY: venv site test serve clean distclean

venv: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: $(PYTHON) is older than Python 3.11 (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

site: $(STAMP)
	$(BIN)/python -m build_scripts build

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/python -m build_scripts generate --sources sources --docs docs
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

clean:
	rm -rf site $(GENERATED)

distclean: clean
	rm -rf $(VENV)
