# The system python3 is used once, to create .venv; every later command runs from .venv,
# which is rebuilt only when pyproject.toml changes.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEPENDENCIES := $(VENV)/.installed
STAMP := $(VENV)/.client-installed
SPECTRAL := @stoplight/spectral-cli@6.16.3

HOST ?= 127.0.0.1
# PORT: the mock's (default 8080) or the proxy's (default 8081), whichever target runs.

.PHONY: help  ## list the targets
help:
	@sed -n 's/^\.PHONY: \([a-z0-9-]*\) *## \(.*\)/\1\t\2/p' $(MAKEFILE_LIST) | \
		while IFS=$$'\t' read -r name text; do printf '  make %-16s %s\n' "$$name" "$$text"; done

CLIENT := generated/flashstart-customerarea-client
OURS := contract contract_tests mock_server traffic tools bench standins

$(DEPENDENCIES): pyproject.toml
	$(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(DEPENDENCIES)

$(STAMP): $(DEPENDENCIES)
	$(MAKE) --no-print-directory install-client
	touch $(STAMP)

.PHONY: install  ## create .venv from nothing but python3 (again only when pyproject.toml changed)
install: $(STAMP)

# Editable, so `make generate` needs no reinstall; as a plain path in a .pth file (setuptools'
# compat mode), not through the import hook its default mode installs for this layout, which
# mypy cannot follow: `mypy --strict` on code that uses the client finds it as installed.
.PHONY: install-client  ## install the generated client into VENV (default .venv), where mypy finds it
install-client:
	$(PY) -m pip install --quiet --config-settings editable_mode=compat -e ./$(CLIENT)

.PHONY: bundle  ## write generated/openapi.yaml from openapi/
bundle: $(STAMP)
	$(PY) -m tools.bundle

.PHONY: check-bundle  ## fail when generated/openapi.yaml is not what openapi/ gives
check-bundle: $(STAMP)
	$(PY) -m tools.bundle --check

.PHONY: generate  ## write generated/openapi.yaml, the Python client and the TypeScript types from openapi/
generate: $(STAMP)
	$(PY) -m tools.generate
	$(PY) -m tools.generate --only typescript

.PHONY: ts-types  ## write generated/typescript/ (openapi-typescript from npm, pinned) from the bundle
ts-types: $(STAMP)
	$(PY) -m tools.generate --only typescript

.PHONY: check-generated  ## rebuild bundle, client and TS types in a temp folder; name stale files
check-generated: $(STAMP)
	$(PY) -m tools.generate --check

.PHONY: typecheck  ## mypy --strict on the generated client and on our own packages (pyproject.toml's [tool.mypy])
typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict $(CLIENT)/flashstart_customerarea
	$(VENV)/bin/mypy

.PHONY: dist  ## build the Python client's wheel into dist/ (its version: the spec's info.version)
dist: $(STAMP)
	rm -rf $(CLIENT)/build
	$(PY) -m pip wheel --quiet --no-deps --wheel-dir dist ./$(CLIENT)
	@ls dist/*.whl

# The contract suite's target and its safety switches, from the environment or the make command
# line (give API_KEY in the environment, not on the command line, to keep it out of the history).
# SEED=<n> replays a run (every report records its seed); RESOLVE=host:port:address reaches BASE_URL's
# host at another address; PYTEST_ARGS passes more options to pytest (such as -x, or -k test_operation).
export BASE_URL API_KEY ALLOW_WRITES ALLOW_PAID CUSTOMER_CODE MAX_PAID MAX_REQUESTS RATE_LIMIT HYPOTHESIS_PROFILE SEED RESOLVE
# A live run's history (default reports/history.sqlite) and baseline (default contract-baseline.yaml, when it exists).
export HISTORY BASELINE

.PHONY: contract  ## contract suite: the in-process mock, or BASE_URL=... API_KEY=... (read-only unless ALLOW_WRITES=1) [SEED=n] [PYTEST_ARGS=...]
contract: $(STAMP)
	@echo "reports go to reports/contract-summary.md, contract-findings.json, contract-findings-junit.xml, contract-junit.xml (each run also in reports/runs/; a live run: history.sqlite)"
	$(PY) -m pytest contract_tests -p no:cacheprovider --junitxml=reports/contract-junit.xml $(PYTEST_ARGS)

.PHONY: history  ## per assumption, when its verdict last changed, from the live runs' history [HISTORY=reports/history.sqlite]
history: $(STAMP)
	$(PY) -m contract.history_cli

.PHONY: baseline  ## write contract-baseline.yaml [BASELINE=...] from the latest live run, for a person to edit
baseline: $(STAMP)
	$(PY) -m contract.baseline_cli

BASE ?= HEAD~1
# Specmatic's second opinion (it can only make a verdict stricter): SPECMATIC=off leaves it out.
SPECMATIC ?= on
COMPAT := $(PY) -m tools.compat --base $(BASE)$(if $(filter off,$(SPECMATIC)), --no-specmatic)
CHECK_SPECMATIC = @case "$(SPECMATIC)" in on|off) ;; *) echo "make $@: SPECMATIC must be on or off, not $(SPECMATIC)"; exit 2;; esac

.PHONY: compat  ## what the spec change since BASE (default HEAD~1) breaks, by named rules, for whom; fails on an unannounced break [SPECMATIC=off]
compat: $(STAMP)
	$(CHECK_SPECMATIC)
	$(COMPAT)

.PHONY: changelog  ## add a section for the new info.version to CHANGELOG.md, from the same comparison as make compat [BASE=...]
changelog: $(STAMP)
	$(CHECK_SPECMATIC)
	$(COMPAT) --changelog

# HAR_MAX_MB: the size at which make proxy rotates reports/traffic.har to traffic-<n>.har (default 50).
export HAR_MAX_MB

.PHONY: proxy  ## a validating, recording proxy: UPSTREAM=https://api.fsflt.net/customerarea [PORT=8081] [HOST=...] [HAR_MAX_MB=50]
proxy: $(STAMP)
	@test -n "$(UPSTREAM)" || { echo "make proxy needs UPSTREAM=<the API's base URL>, e.g. https://api.fsflt.net/customerarea"; exit 2; }
	$(PY) -m traffic.proxy --upstream "$(UPSTREAM)" --host $(HOST) --port $(or $(PORT),8081)

.PHONY: findings  ## findings from HAR files (a browser's devtools export, or the proxy's): HAR=file.har, or HAR="a.har b.har"
findings: $(STAMP)
	@test -n "$(HAR)" || { echo "make findings needs HAR=<a .har file> (or several, in quotes)"; exit 2; }
	$(PY) -m traffic.reports --har $(HAR)

FINDINGS ?= reports/contract-findings.json
.PHONY: adopt  ## apply the proposed edits of refuted findings to openapi/ [FINDINGS=reports/contract-findings.json] [ONLY=<id>,<id>] [DRY_RUN=1]
adopt: $(STAMP)
	$(PY) -m tools.adopt --findings "$(FINDINGS)" --only "$(ONLY)"$(if $(filter-out 0,$(DRY_RUN)), --dry-run)

.PHONY: load  ## load test of the mock: 64 connections, mixed reads and writes, 30 s, ledger checked
load: $(STAMP)
	$(PY) -m bench.load --connections 64 --duration 30

.PHONY: bench  ## the mock against Prism and bare Starlette with wrk; writes bench/results.md (minutes)
bench: $(STAMP)
	$(PY) -m bench.compare --rounds 3 --seconds 5 --connections 64

.PHONY: bench-proxy  ## make proxy against Prism's proxy and the upstream direct, then memory over 200,000 requests: bench/proxy-results.md (minutes)
bench-proxy: $(STAMP)
	$(PY) -m bench.proxy --rounds 5 --seconds 10 --connections 32 --requests 200000

.PHONY: bench-ab  ## the mock at BASE (default HEAD~1) against the working tree's, side by side: bench/ab-results.md
bench-ab: $(STAMP)
	$(PY) -m bench.ab --base $(BASE) --rounds 5 --seconds 5 --connections 64

.PHONY: lint-spec  ## validate the spec (prance + openapi-spec-validator) and the project's rules
lint-spec: $(STAMP)
	$(PY) -m tools.lint

.PHONY: spectral  ## lint the bundle with Stoplight Spectral's spectral:oas ruleset (npm)
spectral:
	npx --yes $(SPECTRAL) lint --fail-severity=error generated/openapi.yaml

.PHONY: mock  ## serve the mock at http://HOST:PORT/customerarea (default 127.0.0.1:8080; Ctrl-C stops it)
mock: $(STAMP)
	$(PY) -m mock_server --host $(HOST) --port $(or $(PORT),8080)

.PHONY: lint-code  ## ruff over our own Python
lint-code: $(STAMP)
	$(VENV)/bin/ruff check $(OURS) tests
	$(VENV)/bin/ruff format --check $(OURS) tests

.PHONY: lint  ## every static check: bundle fresh, spec rules, Spectral, ruff
lint: check-bundle lint-spec spectral lint-code

# The tests run in JOBS processes (pytest-xdist), each test module in one of them; JOBS=0 runs them
# in this process (for a debugger, or -x).
JOBS ?= 3
XDIST = $(if $(filter 0,$(JOBS)),,-n $(JOBS) --dist loadfile)

.PHONY: unit  ## the tests that start no server and no process (well under a minute) [JOBS=3]
unit: $(STAMP)
	$(PY) -m pytest -m "not e2e and not slow" $(XDIST)

.PHONY: e2e  ## the other tests: servers, processes, a browser, the long property tests (minutes) [JOBS=3]
e2e: $(STAMP)
	$(PY) -m pytest -m "e2e or slow" $(XDIST) --durations=12

.PHONY: test  ## what CI runs: lint, generated files fresh, make compat, types, every test, the contract suite
test: lint check-generated compat typecheck unit e2e contract

.PHONY: all  ## everything CI runs
all: test

.PHONY: clean  ## remove the venv and caches
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis reports dist
