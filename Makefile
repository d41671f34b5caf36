# The two commands of the README: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Tests run with production-like settings (DEBUG off) over plain HTTP.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-secret-key-not-for-production SITE_HTTPS=0 STATIC_MANIFEST=0
PYTEST_ARGS ?=

# Benchmarks: a PostgreSQL database of their own (created when missing; see docs/performance.md).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_big
BENCH ?=

.PHONY: install run demo test lint bench load

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -U pip
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

$(BIN)/.bench-installed: requirements-bench.txt $(BIN)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-bench.txt
	touch $@

# The data set (built once, reused), every benchmark and the framework floor: one table.
# BENCH="floor orders" runs only those; BENCH_LOAD=1 adds the 15-minute load test.
bench: $(BIN)/.bench-installed
	@command -v wrk >/dev/null || echo "wrk не установлен (apt-get install wrk): нижнюю границу измерит генератор на Python, он сам занимает ядро."
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run_all.py $(BENCH)

# The load test alone: Locust against gunicorn on 127.0.0.1, 50 users × 10 min + 100 × 5 min.
load: $(BIN)/.bench-installed
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run_all.py load
