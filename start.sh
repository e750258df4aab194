#!/usr/bin/env bash
# Set up everything (Python packages, the built web interface) and start Empathy Studio on SQLite.
# Safe to run again: it only redoes what changed. Data lives in ./data unless EMPATHY_DATA_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
setup_python
build_frontend
export EMPATHY_DATA_DIR="${EMPATHY_DATA_DIR:-$PWD/data}"
exec .venv/bin/empathy serve "$@"
