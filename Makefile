# The documented ways in: run, test, check, bench. Each sets itself up from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check bench figures clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## validate the embedded knowledge base, show the model and a sample answer
	$(BIN)/ctcoop data check
	$(BIN)/ctcoop model
	$(BIN)/ctcoop instrument un-1999-terrorist-financing
	$(BIN)/ctcoop members org:sco --on 2018-01-01
	$(BIN)/ctcoop status PAK unsc-1373 --on 2010-01-01

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

figures: $(STAMP)  ## recompute the paper's figures into docs/paper-figures.md
	$(BIN)/python benchmarks/paper_figures.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
