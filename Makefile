# One entry point for the README's two commands. Each target creates .venv if it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the tests need: a CJK font for ecomap PNGs, Chromium for the report test.
SYSTEM_PACKAGES := fonts-noto-cjk chromium

.PHONY: demo check lint test system

$(BIN)/careplanner: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/careplanner
	$(BIN)/careplanner assess example:shidu-mother --at intake

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

lint: $(BIN)/careplanner
	$(BIN)/ruff check careplanner tests benchmarks
	$(BIN)/ruff format --check careplanner tests benchmarks
	$(BIN)/mypy

test: $(BIN)/careplanner system
	$(BIN)/pytest -q

check: lint test
