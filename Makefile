# The documented ways in: run, test, check, bench. Each sets itself up from nothing.
PYTHON ?= python3
HOST   ?= 127.0.0.1
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check bench figures screenshots assets browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

assets:  ## the web UI's front-end libraries, from the npm registry (package-lock.json)
	scripts/build-assets.sh

browser:  ## Debian's Chromium for the end-to-end tests
	scripts/setup-browser.sh

run: $(STAMP) assets  ## check the knowledge base, import the reference data, serve UI and API
	$(BIN)/ctcoop data check
	$(BIN)/ctcoop basis IND PAK --measure extradition --on 2010-01-01 | head -n 4
	$(BIN)/ctcoop serve --host $(HOST) --port $(PORT)

test: $(STAMP) assets browser  ## the tests, with the project's own PostgreSQL test server when it can start
	url="$$(scripts/postgres-test-server.sh || true)"; \
	CTCOOP_TEST_POSTGRES_URL="$$url" $(BIN)/python -m pytest; status=$$?; \
	[ -z "$$url" ] || scripts/postgres-test-server.sh stop || true; exit $$status

check: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/hostile.py
	$(BIN)/python benchmarks/exchange.py
	$(BIN)/python benchmarks/opendata.py
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/screening.py

screenshots: $(STAMP) assets browser  ## refresh the README's screenshots (docs/screenshots/)
	CTCOOP_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/web/test_e2e.py

figures: $(STAMP)  ## recompute the paper's figures into docs/paper-figures.md
	$(BIN)/python benchmarks/paper_figures.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
