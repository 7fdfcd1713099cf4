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
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/python -m generator build

serve: $(STAMP)
	$(BIN)/python -m generator build
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

check: $(STAMP)
	$(BIN)/python -m generator check

lint: $(STAMP)
	$(BIN)/ruff check generator tests

test: $(STAMP) lint
	$(BIN)/python -m pytest

deploy: $(STAMP)
	$(BIN)/python -m generator build
	$(BIN)/mkdocs gh-deploy --force

clean:
	rm -rf site .cache
