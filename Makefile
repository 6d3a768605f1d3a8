# Two commands: `make run` (console chat on the embedded defaults, with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run AS=张伟` chats as another demo user. GNU make predefines AS (the assembler, "as"), so `AS ?= Alice`
# never applied; only an AS given on make's command line counts, and AS itself is left alone (a C toolchain's
# exported AS still reaches pip's builds).
CHAT_AS := $(if $(filter command line,$(origin AS)),$(AS),Alice)

# Python's bytecode cache inside .venv, even where the environment sets PYTHONDONTWRITEBYTECODE (some sandboxes
# do): without a cache every process compiled every module it imported again — 5.6 s of CPU to start `salesbot`
# instead of 2.7 s, and as much again in each test worker. The source tree stays free of __pycache__.
export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint setup clean browser

# --no-compile, then compileall: pip's own byte-compiling is serial and writes __pycache__ beside the packages,
# which Python ignores under PYTHONPYCACHEPREFIX; compileall fills .venv/pycache on both cores (~20 s) instead.
# Compiling on first import cost a fresh clone's test run ~100 s: every test worker and every `salesbot` process
# the tests start compiled the same modules at once.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -e ".[dev]"
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/salesbot db upgrade
	$(BIN)/salesbot demo
	$(BIN)/salesbot chat --as "$(CHAT_AS)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The dashboard's browser test drives Debian's chromium through its chromedriver: installed here when missing, so
# `make test` works on a fresh machine as the README promises (and .ci/run, which runs `make test`, gets it too).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver)

# -n auto: one worker per core (each with its own SQLite template, PostgreSQL schema and speech model).
test: lint browser
	$(BIN)/python -m pytest -q -n auto --durations=15

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache .pytest_cache
