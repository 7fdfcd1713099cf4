# reportsite: `make site` builds the site, `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve deploy check bench lint clean install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# (PYTHONWARNINGS: setuptools' notice that an editable install points at this folder is not news)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/python -m generator build

serve: $(STAMP)
	$(BIN)/python -m generator build
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty --no-strict

check: $(STAMP)
	$(BIN)/python -m generator check

lint: $(STAMP)
	$(BIN)/ruff check generator tests

test: $(STAMP) lint
	$(BIN)/python -m pytest

deploy: $(STAMP)
	$(BIN)/python -m generator build --release
	$(BIN)/mkdocs gh-deploy --force

# Synthetic corpora of 10, 100 and 1000 reports through the whole pipeline: a table of times, memory,
# sizes and the incremental rebuild; BENCH_RUNS=3 prints the medians of three runs.
BENCH_RUNS ?= 1
bench: $(STAMP)
	$(BIN)/python -m generator bench --reports 10 100 1000 --runs $(BENCH_RUNS)

clean:
	rm -rf site .cache
