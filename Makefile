# Cursus: everything a newcomer needs is `make run` and `make test` (README.md).
# Each target creates .venv and installs the project (constrained by requirements/lock.txt) when needed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements/lock.txt
STAMP := $(VENV)/.cursus-installed
# Test parallelism (pytest-xdist); `make test XDIST=0` runs in one process.
XDIST ?= 2
PYTEST_XDIST := $(if $(filter 0,$(XDIST)),-p no:xdist,-n $(XDIST))
# Django apps (folders with an apps.py) plus config: what mypy checks.
PACKAGES := config $(sort $(patsubst %/apps.py,%,$(wildcard */apps.py)))

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test test-sqlite test-postgres lint bench install system-deps test-system-deps services messages migrate \
        seed lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24

# ----------------------------------------------------------------------------- install
$(PY):
	@scripts/ensure_venv.sh $(PYTHON) $(VENV)

# Re-installs only when pyproject.toml or the lock changed (or the venv is new).
$(STAMP): pyproject.toml $(LOCK) | $(PY)
	@echo "cursus: installing the project into $(VENV) (constrained by $(LOCK))"
	@mkdir -p var
	@{ $(PY) -m pip install --upgrade pip -c $(LOCK) && $(PY) -m pip install -e '.[dev]' -c $(LOCK); } \
	  >var/pip-install.log 2>&1 || { tail -50 var/pip-install.log; echo "cursus: pip install failed (var/pip-install.log)"; exit 1; }
	@touch $@

install: $(STAMP)  ## create .venv and install the project (if needed)

system-deps:  ## install missing Debian libraries (Pango for WeasyPrint, gettext, fonts) when root
	@scripts/ensure_system_deps.sh

test-system-deps:  # the same plus what the tests drive (chromium for tests/browser)
	@scripts/ensure_system_deps.sh --with-test

lock: | $(PY)  ## re-resolve dependencies in a clean venv and rewrite requirements/lock.txt
	@scripts/lock.sh $(PYTHON) $(LOCK)

# ----------------------------------------------------------------------------- run
messages: $(STAMP)  ## compile translations (.po -> .mo) when there are any
	@if [ -n "$$(find . -path ./$(VENV) -prune -o -path ./var -prune -o -path ./.git -prune -o -name '*.po' -print -quit)" ]; then \
	  DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py compilemessages -v 0 -i $(VENV) -i var -i node_modules; \
	fi

migrate: $(STAMP)
	@mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail
	@echo "cursus: migrating the database (var/cursus.sqlite3)"
	@DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py migrate --no-input -v 0

seed: migrate  ## load the demo data (idempotent) and print the demo logins
	@if DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py help --commands | grep -x seed_demo >/dev/null; then \
	  DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py seed_demo; \
	else \
	  echo "cursus: no seed_demo command yet: starting without demo data"; \
	fi

run: system-deps $(STAMP) messages seed  ## start Cursus on http://127.0.0.1:8000 (web + Celery worker with beat)
	@PYTHON=$(PY) DJANGO_SETTINGS_MODULE=config.settings.local scripts/run_embedded.sh

# ----------------------------------------------------------------------------- checks
lint: $(STAMP)  ## ruff + mypy (django-stubs)
	@rc=0; $(VENV)/bin/ruff check . || rc=1; $(VENV)/bin/mypy $(PACKAGES) || rc=1; exit $$rc

services:  ## install/start PostgreSQL and Redis on loopback (root), write var/services.env
	@scripts/ensure_services.sh

# SQLite: DATABASE_URL unset -> in-memory test database per xdist worker.
test-sqlite: test-system-deps $(STAMP) messages
	@echo "cursus: test suite on SQLite"
	env -u DATABASE_URL -u CURSUS_TEST_REDIS_URL $(VENV)/bin/pytest $(PYTEST_XDIST) -q

# PostgreSQL: the integration tests (real Redis + SMTP on loopback) run alone first, without
# xdist (they share servers and ports); then the rest in parallel, on fresh test databases.
test-postgres: test-system-deps $(STAMP) messages services
	@set -a && . var/services.env && set +a && failed=0 && rc=0 && \
	echo "cursus: integration tests (PostgreSQL, Redis, SMTP on loopback)" && \
	{ $(VENV)/bin/pytest -p no:xdist -q --create-db -m integration || rc=$$?; } && \
	if [ "$${rc:-0}" -eq 5 ]; then echo "cursus: no integration tests collected yet"; \
	elif [ "$${rc:-0}" -ne 0 ]; then failed=1; fi && \
	echo "cursus: test suite on PostgreSQL" && \
	{ $(VENV)/bin/pytest $(PYTEST_XDIST) -q --create-db -m 'not integration' || failed=1; } && \
	exit $$failed

# Every step runs even when an earlier one failed (one CI run shows every problem); any failure
# makes the whole target fail.
test: $(STAMP)  ## ruff and mypy, then the test suite on SQLite and on PostgreSQL
	@failed=""; \
	$(VENV)/bin/ruff check . || failed="$$failed ruff"; \
	$(VENV)/bin/mypy $(PACKAGES) || failed="$$failed mypy"; \
	$(MAKE) test-sqlite || failed="$$failed sqlite"; \
	$(MAKE) test-postgres || failed="$$failed postgresql"; \
	if [ -n "$$failed" ]; then echo "cursus: make test FAILED:$$failed"; exit 1; fi; \
	echo "cursus: make test passed (ruff, mypy, SQLite, PostgreSQL)"

bench: system-deps $(STAMP) services  ## run benchmarks/bench_*.py on PostgreSQL, print a table
	@set -a && . var/services.env && set +a && $(PY) benchmarks/run.py

clean:  ## remove caches and test artefacts (keeps .venv and var/cursus.sqlite3)
	rm -rf .pytest_cache .mypy_cache .ruff_cache staticfiles var/test-media
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
