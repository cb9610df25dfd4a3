# Build and test the speech library site.
#
#   make site       generate docs/ from sources/ and build site/ (mkdocs --strict)
#   make test       run the test suite (PYTEST_ARGS="-k foo -x" to pass options)
#   make serve      build the site and serve it as GitHub Pages serves a project
#                   site: at http://127.0.0.1:8000/<repository>/, with its 404 page
#                   (SERVE_PATH=name to serve it under another path)
#   make preview SOURCE=sources/page.txt
#                   build the site of that page alone (a few seconds, whatever
#                   the corpus) and serve it as make serve does
#   make screenshots
#                   build the site, and take screenshots of it in Chromium (phone
#                   and desktop, both editions) into .cache/screenshots/
#   make bench      benchmark the pipeline on synthetic corpora (BENCH_SIZES=1000,10000;
#                   BENCH_OUT=file to write the table elsewhere than BENCHMARKS.md)
#   make link-gate  check every internal link and anchor of site/ (PREVIOUS=catalog.json:
#                   and that every URL it lists still resolves)
#   make clean      remove site/, the generated pages in docs/ and the parsed-page cache
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

GENERATED := docs/zh-Hans docs/zh-Hant docs/catalog.json docs/build-report.json docs/search-records docs/redirects.json \
	docs/corpus-downloads

.DEFAULT_GOAL := site
.PHONY: venv site test serve preview screenshots bench link-gate clean distclean

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

# The built site as GitHub Pages serves a project's site: under
# /<repository>/ (the origin remote's name, else the folder's; SERVE_PATH=name
# to choose), with the site's own 404 page for a missing path; both editions
# and their search (the search index exists only in a built site, so
# `mkdocs serve` has none).
SERVE_PATH ?=
SERVE := $(BIN)/python -m build_scripts.publishing.serve --bind 127.0.0.1 --port 8000 $(if $(SERVE_PATH),--path $(SERVE_PATH))
serve: site
	$(SERVE) --site site

# The site of one or more source pages alone (SOURCE="a.txt b.txt"), built in
# .cache/preview/: to look at a page while adding it, without rebuilding the corpus.
preview: $(STAMP)
	@test -n "$(SOURCE)" || { echo "usage: make preview SOURCE=sources/page.txt" >&2; exit 2; }
	$(BIN)/python -m build_scripts preview $(SOURCE)
	$(SERVE) --site .cache/preview/site

# Screenshots of the built site in Chromium, served as `make serve` serves it:
# phone and desktop, both editions (tests/screenshots.py says which).
screenshots: site
	$(BIN)/python -m tests.screenshots --site site --out .cache/screenshots

BENCH_SIZES ?= 1000
BENCH_OUT ?= BENCHMARKS.md
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --sizes $(BENCH_SIZES) --out $(BENCH_OUT)

link-gate: $(STAMP)
	$(BIN)/python -m build_scripts.publishing.link_gate --site site $(if $(PREVIOUS),--previous $(PREVIOUS))

clean:
	rm -rf site $(GENERATED) .cache/pages .cache/preview

distclean: clean
	rm -rf $(VENV)
