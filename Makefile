# xxgk: `make demo` runs the main job, `make test` the test suite. Both work on a fresh machine
# with Python >= 3.11, a JDK >= 17 and Maven (for the Docker-free Elasticsearch node). Reading
# .doc/.wps files and writing generated PDFs use LibreOffice (Debian: libreoffice-writer-nogui);
# the compiled build and its test need a C compiler and Python's headers.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test venv compiled es-start es-stop lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# The compiled build (setup.py: mypyc, about 1.3x faster extraction) in its own environment, so
# that .venv keeps running the source you edit. Needs a C compiler and Python's headers.
COMPILED := .venv-compiled
PACKAGE_FILES = $(shell find indexer search_cli report_generator mappings -type f -not -path '*/__pycache__/*')
$(COMPILED)/.installed: pyproject.toml setup.py $(PACKAGE_FILES)
	rm -rf build  # setuptools' build folder: a module no longer compiled must not come back from it
	$(PYTHON) -m venv $(COMPILED)
	$(COMPILED)/bin/pip install --quiet --upgrade pip "setuptools>=77" wheel "mypy>=1.10"
	$(COMPILED)/bin/pip install --quiet .  # the dependencies first: mypyc type-checks against them
	XXGK_COMPILE=1 $(COMPILED)/bin/pip install --quiet --no-build-isolation --no-deps --force-reinstall .
	touch $@

compiled: $(COMPILED)/.installed

# Start the local Elasticsearch node unless XXGK_ES_URL points at one already.
es-start: venv
	@if [ -z "$$XXGK_ES_URL" ]; then $(BIN)/xxgk es start; else echo "using Elasticsearch at $$XXGK_ES_URL"; fi

es-stop: venv
	$(BIN)/xxgk es stop

# The main job: start ES, index the sample reports, run a faceted search.
demo: es-start
	$(BIN)/xxgk index examples/reports
	$(BIN)/xxgk search 公开渠道单一 --facet province,county,year,problem --limit 5

# Lint and type-check, then every test against a real Elasticsearch node (started by the tests if needed).
test: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; exit $$rc

bench: es-start
	$(BIN)/python bench/index_bench.py

clean:
	rm -rf $(VENV) $(COMPILED) build .pytest_cache .ruff_cache es_local/target
