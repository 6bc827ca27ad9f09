# Two commands do all set-up from a fresh clone:
#   make example   code the bundled example article and print its events
#   make test      run the whole test suite (CI runs this)
PYTHON ?= $(shell command -v python3.12 >/dev/null 2>&1 && python3.12 -c 'import sys' 2>/dev/null && echo python3.12 || (ls /root/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1) || echo python3)
VENV := .venv
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

example: $(STAMP)
	$(VENV)/bin/tacitus code tacitus/examples/harbour-talks.txt --published 2026-03-14

test: $(STAMP)
	$(VENV)/bin/python -m pytest

# Retrain the event classifier from scratch (needs ../shared/training; about two minutes)
train: $(STAMP)
	$(VENV)/bin/tacitus train

.PHONY: install example test train
