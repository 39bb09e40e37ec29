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

# What a first start would build from the shipped knowledge (the procedure and FAQ
# indexes; the intent model when there is none), built ahead by `citizenbot nlu build`
# whenever the code or the shipped data changed, so the assistant's first start on a new
# database reads them (a first start building them itself took about 7 s, one reading
# them about 3.5). Only a saving: the indexes' own keys name their inputs, so a start
# that finds none for its knowledge builds them as before.
SHIPPED := $(shell find bot flows nlu knowledge -type f -not -path '*/__pycache__/*' \
	\( -name '*.py' -o -name '*.yml' -o -name '*.txt' -o -name '*.gz' -o -name '*.tsv' \
	-o -name '*.csv' -o -name '*.json' \)) config.yml
BUILT := data/cache/.shipped-indexes

.PHONY: chat serve test lint

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "citizenbot needs Python >= 3.11 (set PYTHON=...)"; exit 1; }
	@echo "==> installing citizenbot and its test tools into $(VENV) (first time: a few minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BUILT): $(STAMP) $(SHIPPED)
	@$(COMPILE)
	@echo "==> building the indexes of the shipped knowledge (when it or the code changed: a few seconds)"
	$(BIN)/citizenbot nlu build
	@mkdir -p $(@D) && touch $@

chat: $(BUILT)
	@$(COMPILE)
	$(BIN)/citizenbot chat

serve: $(BUILT)
	@$(COMPILE)
	$(BIN)/citizenbot serve

test: $(STAMP)
	@$(COMPILE)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
