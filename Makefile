# Two commands do all set-up from a fresh clone:
#   make example   code the bundled example article and print its events
#   make test      run the whole test suite (CI runs this)
#   make demo      build a demo database from the bundled examples and serve it (prints its URL)
PYTHON ?= $(shell command -v python3.12 >/dev/null 2>&1 && python3.12 -c 'import sys' 2>/dev/null && echo python3.12 || (ls /root/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1) || echo python3)
VENV := .venv
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev,web]'
	# byte-compile now: an editable install is not, and where PYTHONDONTWRITEBYTECODE is set
	# every start would compile the package again (about 0.1 s of the cold start)
	$(VENV)/bin/python -m compileall -q tacitus
	touch $(STAMP)

install: $(STAMP)

example: $(STAMP)
	$(VENV)/bin/tacitus code tacitus/examples/harbour-talks.txt --published 2026-03-14

test: $(STAMP)
	$(VENV)/bin/python -m pytest

# the demo database is rebuilt each time from tacitus/examples/ (our own short articles)
demo: $(STAMP)
	mkdir -p out && rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	$(VENV)/bin/tacitus ingest tacitus/examples --db out/demo.db --quiet
	$(VENV)/bin/tacitus serve --db out/demo.db $(if $(PORT),--port $(PORT))

# Retrain the event classifier from scratch (needs ../shared/training; about two minutes)
train: $(STAMP)
	$(VENV)/bin/tacitus train

.PHONY: install example test demo train
