# One entry point for the README's two commands. Each target creates .venv if it is missing.
PYTHON ?= python3
# CI also runs the suite on CPython 3.13, where durable-rules does not load (python engine):
# python3.13 on PATH, else one pyenv installed.
PYTHON313 ?= $(shell for p in python3.13 $(HOME)/.pyenv/versions/3.13*/bin/python3.13; do \
  $$p -c 'import sys; print(sys.executable)' 2>/dev/null && break; done)
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the tests need: a CJK font for ecomap PNGs, Chromium and its driver for the
# browser tests. axe-core, the accessibility checker the browser tests inject, comes from the
# npm registry (pinned in tests/package.json); Debian's npm is installed only if no npm is found.
SYSTEM_PACKAGES := fonts-noto-cjk chromium chromium-driver

.PHONY: demo check lint test dist system bench bench-smoke sources

$(BIN)/careplanner: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/careplanner
	$(BIN)/careplanner assess example:shidu-mother --at intake

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
	  command -v npm >/dev/null || echo npm); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@test -f tests/node_modules/axe-core/axe.min.js || \
	  (cd tests && npm ci --no-audit --no-fund --loglevel=error)

lint: $(BIN)/careplanner
	$(BIN)/ruff check careplanner tests benchmarks
	$(BIN)/ruff format --check careplanner tests benchmarks
	$(BIN)/mypy

# The sdist, the wheel built from it, and twine's check of both.
dist: $(BIN)/careplanner
	rm -rf dist
	$(BIN)/python -m build --outdir dist . >/dev/null
	$(BIN)/twine check --strict dist/*

# The whole suite from the built wheel in a clean venv, outside the checkout: on the default
# interpreter (durable-rules) and on CPython 3.13 (the python engine). See .ci/test-wheel.
test: dist system
	.ci/test-wheel $(PYTHON) default
	.ci/test-wheel $(PYTHON313) py313

# Benchmarks are not tests: `make bench` runs them in full (minutes; figures in
# docs/performance.md), `make bench-smoke` runs each for seconds so CI sees they still work.
bench: $(BIN)/careplanner
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

bench-smoke: $(BIN)/careplanner
	@for b in benchmarks/bench_*.py; do echo "== $$b --smoke"; $(BIN)/python $$b --smoke || exit 1; done
	@echo "== benchmarks/fuzz.py --smoke"; $(BIN)/python benchmarks/fuzz.py --smoke

# docs/sources.md is generated from the bibliography careplanner/sources.yaml; a test keeps
# the two equal.
sources: $(BIN)/careplanner
	$(BIN)/python -c 'from careplanner._sources import main; main()' > docs/sources.md

check: lint bench-smoke test
