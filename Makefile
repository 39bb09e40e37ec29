# The commands of the README: `make chat`, `make serve` and `make test` (and `make lint`).
# Each creates the virtual environment on first use and reuses it afterwards.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

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
	$(BIN)/citizenbot chat

serve: $(STAMP)
	$(BIN)/citizenbot serve

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
