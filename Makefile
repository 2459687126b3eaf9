# The two commands the README promises: `make run` and `make test`.
# `make run` installs only what serving needs; `make test` adds the test toolchain
# (pytest, Playwright, schemathesis...). `make run PORT=8001` serves on another port.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install install-dev check-port

$(VENV)/.installed-serve: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed-serve $@

install: $(VENV)/.installed-serve

install-dev: $(VENV)/.installed-dev

check-port:
	@case "$(PORT)" in ''|*[!0-9]*) echo "PORT must be a number, e.g. make run PORT=8001" >&2; exit 2;; esac

run: check-port $(VENV)/.installed-serve
	env -u DATABASE_URL $(PY) manage.py migrate --noinput
	env -u DATABASE_URL $(PY) manage.py import_notices samples/notices
	env -u DATABASE_URL $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest
