#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls `make test`, which calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_PROXY=127.0.0.1,localhost PTB_TIMEDELTA=1
.venv/bin/ruff check .
.venv/bin/pytest -q "$@"
