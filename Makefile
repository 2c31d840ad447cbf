# awas: two commands from a fresh clone. `make demo` runs the product; `make test` passes the tests.
# Both create .venv when needed and install from requirements.lock (constraints), so CI and
# laptops get the same versions.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
EXTRAS := dev,postgres,ray,browser

.DEFAULT_GOAL := help
.PHONY: help demo test lint fmt typecheck bench lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-core: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-all: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install --quiet -c requirements.lock -e ".[$(EXTRAS)]"
	touch $@ $(VENV)/.installed-core

demo: $(VENV)/.installed-core  ## set up and run the product on bundled data (SQLite), dashboard on 127.0.0.1
	scripts/ensure-system-packages.sh --demo
	$(BIN)/awas demo

test: $(VENV)/.installed-all  ## set up and run lint, types and every test on SQLite and PostgreSQL
	scripts/ensure-system-packages.sh
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	AWAS_REQUIRE_POSTGRES=1 $(BIN)/pytest

lint: $(VENV)/.installed-all  ## ruff lint and format check
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

fmt: $(VENV)/.installed-all  ## format and autofix
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

typecheck: $(VENV)/.installed-all  ## mypy strict on src/awas
	$(BIN)/mypy

bench: $(VENV)/.installed-all  ## run every benchmark (see docs/benchmarks.md)
	scripts/ensure-system-packages.sh
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

lock:  ## re-resolve requirements.lock in a scratch venv
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[$(EXTRAS)]"
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^awas' > requirements.lock
	rm -rf .venv-lock

clean:  ## remove the venv and local state (var/)
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
