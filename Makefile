# 科创陕西 outreach. `make run` serves the app; `make test` runs the test suite.
# Every step is idempotent: a step runs again only when its inputs changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
FLASK := $(BIN)/flask --app backend
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# pytest-xdist workers: one per core; PYTEST_WORKERS=0 runs the suite in this one process.
PYTEST_WORKERS ?= auto

# Stamps live inside what they describe, so deleting .venv or node_modules redoes the install.
PIP_STAMP := $(VENV)/.requirements-installed
NPM_STAMP := pwa/node_modules/.package-lock-installed
PWA_INDEX := pwa/dist/index.html
PWA_SOURCES := $(shell find pwa/src pwa/public -type f 2>/dev/null) \
	pwa/index.html pwa/vite.config.js pwa/package.json pwa/package-lock.json
PO_FILES := $(wildcard backend/translations/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: setup run test lint bench clean pwa-compressed

setup: $(PIP_STAMP) $(PWA_INDEX) $(MO_FILES)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(PIP_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(NPM_STAMP): pwa/package.json pwa/package-lock.json
	cd pwa && npm ci --no-audit --no-fund
	touch $@

$(PWA_INDEX): $(NPM_STAMP) $(PWA_SOURCES)
	cd pwa && npm run build
	touch $@

ifneq ($(PO_FILES),)
$(MO_FILES) &: $(PO_FILES) | $(PIP_STAMP)
	$(BIN)/pybabel compile -d backend/translations
endif

# For nginx (deploy/README.md): assets/*.gz next to each hashed file, served by `gzip_static on`.
pwa-compressed: $(PWA_INDEX)
	$(PY) scripts/precompress.py pwa/dist/assets

run: setup
	$(FLASK) db upgrade
	$(FLASK) regions load
	$(FLASK) demo load
	@echo ""
	@echo "科创陕西 is being served at http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

# pytest's exit code 5 means it collected no test: that is a failure, never a silent pass.
# Workers steal queued tests from each other, so the slow fuzz cases end up spread over all of them.
test: setup
	@$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$rc

lint: $(PIP_STAMP)
	$(BIN)/ruff check .

# The benchmarks are scripts in bench/, each printing its own figures; run them one after another.
bench: setup
	@set -e; for script in bench/*.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf pwa/dist pwa/node_modules .pytest_cache .ruff_cache .hypothesis
