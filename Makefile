# Charte — one command per job. Every target creates .venv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
PORT ?= 8000
DATA ?= ../shared/data
export CHARTE_DATA_DIR ?= $(abspath $(DATA))

.PHONY: demo demo-report test lint format bench eval stale models policies clean i18n-extract i18n screenshots

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

# `pip install charte` is the checker and its CLI; the service (API, database, jobs) is the `server` extra.
$(VENV)/.server: $(VENV)/.base pyproject.toml
	$(PIP) install -e '.[server]'
	touch $@

# The tests include the service (the test extra pulls in `server`), import-linter, and the optional Hugging
# Face backend (CPU torch, ~1 GB, a few minutes the first time).
$(VENV)/.test: $(VENV)/.base pyproject.toml
	$(PIP) install -e '.[test,hf]'
	touch $@

$(VENV)/.train: $(VENV)/.base pyproject.toml
	$(PIP) install -e '.[test,hf,train]'
	touch $@

DEMO_DB ?= sqlite:///./charte-demo.db

demo: $(VENV)/.server
	CHARTE_DATABASE_URL=$(DEMO_DB) CHARTE_COOKIE_SECURE=false $(VENV)/bin/charte serve --demo --host 127.0.0.1 --port $(PORT)

demo-report: $(VENV)/.base
	$(VENV)/bin/charte demo

test: $(VENV)/.test
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -q

# The checks of `make test` without the tests; `make format` rewrites the files the format check refuses.
lint: $(VENV)/.test
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/mypy

format: $(VENV)/.test
	$(VENV)/bin/ruff format src tests benchmarks scripts

# The pictures of docs/screenshots/ (docs/web.md): the browser tests, saving what each page shows.
screenshots: $(VENV)/.test
	CHARTE_SCREENSHOTS=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(VENV)/bin/python -m pytest -q tests/web

$(VENV)/.bench: $(VENV)/.base pyproject.toml
	$(PIP) install -e '.[test,hf,train,bench]'
	touch $@

bench: $(VENV)/.bench
	$(PY) -m benchmarks.run

eval: $(VENV)/.train
	$(PY) -m benchmarks.evaluate

# The sections of docs/benchmarks.md and docs/evaluation.md older than the code they measure (benchmarks/stale.py);
# `make stale RUN=1` reruns just those (commit first: a run on uncommitted code is recorded as dirty).
stale: $(VENV)/.bench
	$(PY) -m benchmarks.stale $(if $(RUN),--run)

# The fast n-gram models, then stage 2 of the cascade (sentence embeddings cached in ~/.cache/charte:
# the first run embeds ~45,000 texts, about an hour on two busy cores; later runs take a minute).
models: $(VENV)/.train
	nice $(PY) -m charte.models.train --data $(CHARTE_DATA_DIR)
	nice $(PY) -m charte.models.train_stage2 --data $(CHARTE_DATA_DIR)
	nice $(PY) -m charte.models.train_url --data $(CHARTE_DATA_DIR)

# Regenerate the shipped starter policies (policies/<industry>.<lang>.yaml) from the templates.
policies: $(VENV)/.base
	$(PY) -m charte.policy.starters policies

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build dist

# Translations (docs/i18n.md): extract the English msgids of src/charte into a template, then merge it into
# the French catalogue, which a translator completes (new entries have an empty msgstr; the tests fail until then).
PYBABEL := $(VENV)/bin/pybabel
i18n-extract: $(VENV)/.base
	mkdir -p build
	$(PYBABEL) extract -F babel.cfg -c TRANSLATORS: --add-location=file --sort-by-file -w 110 \
		--project=Charte --copyright-holder="Charte contributors" -o build/charte.pot src/charte

i18n: i18n-extract
	$(PYBABEL) update -i build/charte.pot -d src/charte/locale -D charte -l fr -w 110 --ignore-obsolete \
		--ignore-pot-creation-date
