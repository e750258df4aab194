#!/usr/bin/env bash
# Run the whole test suite: lint and types, front-end tests, Python unit, integration and browser tests.
# PostgreSQL tests run when PostgreSQL answers (EMPATHY_TEST_POSTGRES_URL), browser tests when a Chromium is
# found; each says plainly when it is skipped. EMPATHY_REQUIRE_POSTGRES=1 / EMPATHY_REQUIRE_BROWSER=1 make
# a missing one fail instead (CI sets both). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
setup_python dev
EMPATHY_TEST_MODEL="${EMPATHY_TEST_MODEL:-$(setup_test_model)}"  # tests marked `model` use it
export EMPATHY_TEST_MODEL
build_frontend

step "Lint and types"
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/ruff format --check src tests scripts benchmarks
.venv/bin/mypy
.venv/bin/lint-imports

step "Front-end tests"
npm --prefix frontend run check --silent
npm --prefix frontend test --silent

step "Python tests"
if [ -z "$(find_chromium)" ]; then
  echo "No Chromium found (install Debian's 'chromium' or set EMPATHY_CHROMIUM): browser tests will be skipped."
fi
.venv/bin/pytest -ra "$@"
