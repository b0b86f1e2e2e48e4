# Digital First bot — the two front-door commands are `make run` and `make test`.
# Everything is installed here (Debian packages, .venv, node_modules), idempotently and quietly.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMPS := .make
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test lint unit e2e bench package clean system-deps node-deps py-deps model lock verify-base-image

help:
	@echo "make run      set up and start the bot on http://localhost:3978/api/messages (SQLite, no Azure needed)"
	@echo "make test     set up and run every test (SQLite, PostgreSQL, end-to-end in Chromium)"
	@echo "make lint     ruff (lint and format) and mypy; make test runs it first"
	@echo "make e2e      only the end-to-end journeys in the Agents Playground"
	@echo "make bench    benchmarks; figures go to docs/benchmarks.md"
	@echo "make package  build the Teams app package (manifest + icons) into build/"
	@echo "make verify-base-image  check the Dockerfile's base-image digest against Docker Hub (needs internet)"

# ---- set-up --------------------------------------------------------------------------------
$(STAMPS):
	@mkdir -p $(STAMPS)

# Python packages come only from the lock files, every file checked against its SHA-256 (--require-hashes);
# the project itself is then installed editable without touching the index. `make lock` updates the locks.
LOCKS := requirements-dev.lock requirements-build.lock
$(STAMPS)/venv: pyproject.toml $(LOCKS) | $(STAMPS)
	@test -x $(PY) || python3 -m venv .venv
	@echo "Installing Python packages into .venv from $(LOCKS) (log: $(STAMPS)/pip.log)"
	@$(PIP) install -q --require-hashes --no-deps -r requirements-dev.lock -r requirements-build.lock > $(STAMPS)/pip.log 2>&1 || (cat $(STAMPS)/pip.log; echo "pip install from the lock files failed"; exit 1)
	@$(PIP) install -q --no-deps --no-build-isolation -e . >> $(STAMPS)/pip.log 2>&1 || (cat $(STAMPS)/pip.log; echo "pip install -e . failed"; exit 1)
	@$(PIP) check >> $(STAMPS)/pip.log 2>&1 || (cat $(STAMPS)/pip.log; echo "the installed packages do not fit together: run make lock"; exit 1)
	@$(PY) -c "import botbuilder.core, msgraph, sqlalchemy, alembic, typer, pytest" || (echo "Python dependencies failed to install" && exit 1)
	@touch $@

# Re-resolve the locks from pyproject.toml (and build-requirements.in) with uv, hashes included: after changing
# a dependency, or to take new releases (`make lock UPGRADE=--upgrade`). Commit the three lock files.
UV_COMPILE := .venv/bin/uv pip compile --generate-hashes --universal --python-version 3.11 -q $(UPGRADE)
lock: $(STAMPS)/venv
	@$(UV_COMPILE) pyproject.toml --extra dev -o requirements-dev.lock
	@$(UV_COMPILE) pyproject.toml -c requirements-dev.lock -o requirements.lock
	@$(UV_COMPILE) build-requirements.in -o requirements-build.lock
	@echo "requirements.lock (the bot), requirements-dev.lock (tests, tools), requirements-build.lock (setuptools) updated"

py-deps: $(STAMPS)/venv

# The learned intent model (package data), built from the paraphrase corpus with scikit-learn; the same
# corpus gives the same file byte for byte (tests/questions/test_language.py checks the committed one).
MODEL := programme/questions/data/intent_model.json
$(MODEL): programme/questions/data/paraphrases.txt programme/questions/data/paraphrases_staff.txt scripts/train_intents.py programme/questions/learned.py \
          programme/questions/normalise.py programme/questions/noise.py programme/questions/dates.py \
          programme/questions/one_date.py | $(STAMPS)/venv
	@$(PY) scripts/train_intents.py

model: $(MODEL)

# Debian packages the tests need: PostgreSQL (throwaway clusters), Chromium (end-to-end), Node.js.
SYSTEM_BINS := /usr/lib/postgresql/15/bin/initdb /usr/bin/chromium /usr/bin/node /usr/bin/npm
$(STAMPS)/system: | $(STAMPS)
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || { echo "apt-get install$$missing failed"; exit 1; }; \
	  else \
	    echo "Missing system packages:$$missing — install them (e.g. sudo apt-get install$$missing) and run make again."; exit 1; \
	  fi; \
	fi
	@touch $@

system-deps: $(STAMPS)/system

$(STAMPS)/node: package.json package-lock.json $(STAMPS)/system | $(STAMPS)
	@npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

node-deps: $(STAMPS)/node

# ---- the bot ---------------------------------------------------------------------------------
# Local mode, chosen explicitly: anonymous Bot Framework calls, loopback only (dfbot/checks.py).
run: $(STAMPS)/venv $(MODEL)
	@.venv/bin/dfbot db upgrade
	@.venv/bin/dfbot plan load-default
	@LOCAL_MODE=true exec .venv/bin/dfbot serve

# The Dockerfile's base-image pin, checked against the registry: the digest exists, its bytes hash to it, and
# it is the Python and Debian release the tag names (standard library only; exit 2 = registry unreachable,
# nothing verified). How to move the pin: docs/deploy.md, step 6.
verify-base-image:
	@python3 scripts/verify_base_image.py

# ---- tests -----------------------------------------------------------------------------------
# CI=true makes a missing PostgreSQL an error; locally, make test installs it first anyway.
test: $(STAMPS)/venv $(STAMPS)/system $(STAMPS)/node $(MODEL)
	@$(MAKE) --no-print-directory lint
	@DFBOT_REQUIRE_PG=1 $(PY) -m pytest -q -p no:cacheprovider
	@$(MAKE) --no-print-directory e2e

# Lint and types (pyproject.toml's [tool.ruff] and [tool.mypy]); any finding fails `make test`.
lint: $(STAMPS)/venv
	@echo "ruff check, ruff format --check, mypy"
	@.venv/bin/ruff check --quiet .
	@.venv/bin/ruff format --check --quiet .
	@.venv/bin/mypy

unit: $(STAMPS)/venv
	@$(PY) -m pytest -q -p no:cacheprovider

e2e: $(STAMPS)/venv $(STAMPS)/system $(STAMPS)/node
	@if [ -f tests/e2e/run.sh ]; then bash tests/e2e/run.sh; else echo "end-to-end journeys not present"; exit 1; fi

bench: $(STAMPS)/venv $(STAMPS)/system
	@$(PY) -m benchmarks.run --write docs/benchmarks.md

package: $(STAMPS)/venv
	@.venv/bin/dfbot package build/digital-first-bot.zip

clean:
	rm -rf $(STAMPS) .venv node_modules build var tests/e2e/artifacts
