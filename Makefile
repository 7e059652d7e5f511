# MPCE Workforce Portal. `make run` and `make test` install whatever is
# missing (Rust wasm target, cargo-leptos, the exact wasm-bindgen CLI, npm
# tools, Chromium for browser tests) and then do their job.

SHELL := /bin/bash
.DEFAULT_GOAL := run

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell grep -oP 'wasm-bindgen = \{ version = "=\K[0-9.]+' Cargo.toml)
BINARYEN_VERSION := 132.0.0
AIOSMTPD_VERSION := 1.4.6
OPENPYXL_VERSION := 3.1.5
TOOLS_DIR := $(CURDIR)/.tools
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Where `make run` keeps its data, and where it serves.
DATABASE_URL ?= sqlite://data/mpce-portal.db?mode=rwc
LEPTOS_SITE_ADDR ?= 127.0.0.1:3000
export DATABASE_URL LEPTOS_SITE_ADDR
export LEPTOS_SITE_ROOT ?= target/site

.PHONY: bench bench-compliance bench-export bench-job-plans run build tools wasm-target cargo-leptos wasm-bindgen wasm-opt chromium node-check \
	test lint unit-and-integration postgres-tests e2e e2e-deps bench-cpd clean test-python

## Build (release), migrate, load the demo organisation on first run, serve.
run: tools
	cargo leptos build --release
	$(TARGET_DIR)/release/mpce-portal migrate
	$(TARGET_DIR)/release/mpce-portal seed-demo
	@echo "Serving on http://$(LEPTOS_SITE_ADDR) (Ctrl-C to stop)"
	$(TARGET_DIR)/release/mpce-portal serve

build: tools
	cargo leptos build --release

tools: wasm-target cargo-leptos wasm-bindgen wasm-opt

wasm-target:
	@rustup target list --installed | grep -q '^wasm32-unknown-unknown$$' || rustup target add wasm32-unknown-unknown

cargo-leptos:
	@cargo leptos --version 2>/dev/null | grep -q ' $(CARGO_LEPTOS_VERSION)$$' || \
		cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked

wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)$$' || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force

# wasm-opt for release builds: npm's binaryen (Debian's is too old).
wasm-opt: node-check
	@test -x $(TOOLS_DIR)/node_modules/.bin/wasm-opt || \
		npm install --no-save --no-audit --no-fund --prefix $(TOOLS_DIR) binaryen@$(BINARYEN_VERSION)

node-check:
	@command -v npm >/dev/null || { echo "npm is needed (install Node.js 20 or later)"; exit 1; }

# Debian's Chromium for the browser tests; Playwright never downloads one.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	else \
		echo "Browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium'"; exit 1; \
	fi

## Every check and test: format, lints (server and wasm), unit tests,
## integration tests on SQLite (and PostgreSQL when TEST_DATABASE_URL is
## set), then the browser tests.
test: tools chromium lint unit-and-integration postgres-tests e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit-and-integration: test-python
	cargo test --features ssr

# Tests that use Python packages from PyPI, in a virtual environment under
# .tools/ (the tests find it there): the email tests deliver to aiosmtpd,
# and the export tests read files back with csv and openpyxl.
test-python:
	@$(TOOLS_DIR)/test-venv/bin/python -c 'import aiosmtpd, openpyxl' 2>/dev/null || { \
		command -v python3 >/dev/null || { echo "The tests need Python 3 (python3, with its venv module)"; exit 1; }; \
		python3 -m venv $(TOOLS_DIR)/test-venv 2>/dev/null || { \
			[ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv) >/dev/null \
			&& rm -rf $(TOOLS_DIR)/test-venv && python3 -m venv $(TOOLS_DIR)/test-venv; } \
			|| { echo "python3 -m venv failed: install Python's venv module (Debian: python3-venv)"; exit 1; }; \
		$(TOOLS_DIR)/test-venv/bin/pip install --quiet --disable-pip-version-check \
			aiosmtpd==$(AIOSMTPD_VERSION) openpyxl==$(OPENPYXL_VERSION); \
	}

postgres-tests: test-python
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "Integration tests on PostgreSQL"; \
		TEST_BACKEND=postgres cargo test --features ssr --test integration; \
	else \
		echo "TEST_DATABASE_URL is not set: skipping the PostgreSQL run"; \
	fi

e2e-deps: node-check
	cd end2end && npm ci --no-audit --no-fund

e2e: e2e-deps chromium
	cargo leptos build
	cd end2end && PORTAL_BIN=$(TARGET_DIR)/debug/mpce-portal npx playwright test

## The national benchmark (issue 7): release build, the national data set
## loaded once into SQLite and PostgreSQL (kept under target/bench-data),
## wrk on the main pages, the raw CPD export and a sign-in burst. Writes
## bench/results/national.md (needs wrk, curl and python3; psql for
## PostgreSQL).
bench: build
	bench/national.sh $(TARGET_DIR)/release/mpce-portal

## Issue 3's CPD figures on a release build (needs wrk and python3).
bench-cpd: build
	bench/cpd.sh $(TARGET_DIR)/release/mpce-portal

## Issue 4's job-plan figures on a release build (needs wrk and python3).
bench-job-plans: build
	bench/job_plans.sh $(TARGET_DIR)/release/mpce-portal

## Compliance dashboard for a head of service (300 people) and HR (3,000),
## SQLite and PostgreSQL: SQL statements per request, latency, wrk.
bench-compliance: build
	bench/compliance.sh $(TARGET_DIR)/release/mpce-portal

## Raw CSV export of 1,000,000 CPD activities by HR, SQLite and PostgreSQL:
## rows/s and the server's peak RSS (needs sqlite3 and psql).
bench-export: build
	bench/export.sh $(TARGET_DIR)/release/mpce-portal

## Retention statistics for 20,000 people over 10 years, SQLite and
## PostgreSQL: the command line, HR's server function, page and XLSX export.
bench-retention: build
	bench/retention.sh $(TARGET_DIR)/release/mpce-portal

clean:
	cargo clean
	rm -rf $(TOOLS_DIR) end2end/node_modules
