# Tadrib's commands. `make run` and `make test` are the two that matter; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3.11
PORT ?= 8000
# Debian packages the test tiers need: PostgreSQL and Redis servers, nginx (the stack test runs
# deploy/'s configuration), Chromium, Arabic fonts;
# poppler-utils (pdftoppm) and zbar-tools (zbarimg) to read certificates back as images, and
# libfribidi0 for Pillow's independent reference rendering of right-to-left text in those tests.
TEST_DEBS := postgresql redis-server nginx chromium fonts-noto-core fonts-noto-ui-core poppler-utils zbar-tools libfribidi0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench demo install install-dev system-test-deps static messages clean \
	test-unit test-integration test-e2e

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	# --ignore-scripts: the browser libraries need no install scripts (h5p-standalone's only
	# insists on yarn), and none of a dependency's scripts should run on our machines.
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-dev: $(VENV)/.installed-dev node_modules/.installed

messages: $(VENV)/.installed
	$(PY) manage.py catalogues_compile

static: install messages
	$(PY) manage.py collectstatic --noinput --verbosity 0

demo: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_load

run: static demo
	@echo "Tadrib is at http://localhost:$(PORT) (admin: http://localhost:$(PORT)/admin/)"
	# The LMS on localhost and the content origin on 127.0.0.1 of the same port (ARCHITECTURE.md,
	# "Content security"); both follow PORT unless set in the environment.
	SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} CONTENT_ORIGIN=$${CONTENT_ORIGIN:-http://127.0.0.1:$(PORT)} \
		$(PY) manage.py runserver 0.0.0.0:$(PORT)

system-test-deps:
	@missing=""; \
	for pkg in $(TEST_DEBS); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The production checks run with test values for what production insists on (never real ones).
LINT_PRODUCTION_ENV := DJANGO_SETTINGS_MODULE=lms.settings.production ALLOWED_HOSTS=lms.example.iq \
	SECRET_KEY=make-lint-only-not-a-secret-Zq8w3Xk7Lm2Pn9Rt4Vb6Yc1Hd5Jf0Gs \
	CERTIFICATION_SIGNING_KEY=0000000000000000000000000000000000000000000000000000000000000000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(LINT_PRODUCTION_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Each tier is its own pytest run; pytest exits non-zero when it collects no test, so does make.
test-unit: install-dev messages
	$(PY) -m pytest -n 2 -m "not integration and not e2e" --ignore=tests/integration --ignore=tests/e2e

# static: the stack test (tests/integration/test_stack.py) runs production's settings, whose
# nginx serves the collected static files.
test-integration: install-dev system-test-deps static
	$(PY) -m pytest -p tests.integration.services tests/integration

# The browser tier runs on PostgreSQL too (lms/settings/e2e.py): the live server's threads each
# need their own database connection.
test-e2e: install-dev system-test-deps static
	$(PY) -m pytest -p tests.integration.services --ds lms.settings.e2e tests/e2e

test: lint test-unit test-integration test-e2e

bench: install-dev system-test-deps
	$(PY) -m bench
	$(PY) -m bench.bench_bulk_enrolment
	$(PY) -m bench.bench_trainee_pages
	$(PY) -m bench.bench_certificates
	$(PY) -m bench.bench_sequencing
	$(PY) -m bench.bench_observability
	$(PY) -m bench.bench_quiz_answers
	$(PY) -m bench.bench_storage_serve

clean:
	rm -rf $(VENV) node_modules var
