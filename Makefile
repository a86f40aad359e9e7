# One entry point for the README's two commands. Each target creates .venv if it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo check lint test

$(BIN)/careplanner: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/careplanner
	$(BIN)/careplanner assess example:shidu-mother

lint: $(BIN)/careplanner
	$(BIN)/ruff check careplanner tests benchmarks
	$(BIN)/ruff format --check careplanner tests benchmarks
	$(BIN)/mypy

test: $(BIN)/careplanner
	$(BIN)/pytest -q

check: lint test
