#!/usr/bin/env bash
# Sets up everything on a fresh machine, then runs lint, types and the test suite (real model included).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export HF_HUB_OFFLINE=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy rag
.venv/bin/python -m pytest -q "$@"
