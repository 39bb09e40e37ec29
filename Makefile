# The commands of the README: `make chat`, `make serve` and `make test` (and `make lint`).
# Each creates the virtual environment on first use and reuses it afterwards.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Our own packages, installed editable: pip compiles none of their modules. Where
# PYTHONDONTWRITEBYTECODE is set (as on this machine) no process writes their bytecode
# either, and each start compiled them again (about 0.6 s of CPU). Each command below
# compiles what changed first (0.1 s when nothing did).
PACKAGES := bot flows nlu knowledge bench
COMPILE := $(BIN)/python -m compileall -q $(PACKAGES)

.PHONY: chat serve test lint

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "citizenbot needs Python >= 3.11 (set PYTHON=...)"; exit 1; }
	@echo "==> installing citizenbot and its test tools into $(VENV) (first time: a few minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

chat: $(STAMP)
	@$(COMPILE)
	$(BIN)/citizenbot chat

serve: $(STAMP)
	@$(COMPILE)
	$(BIN)/citizenbot serve

test: $(STAMP)
	@$(COMPILE)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
