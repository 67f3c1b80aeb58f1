#!/usr/bin/env bash
# Sets up everything on a fresh machine, indexes the corpus (first run only embeds), and starts the chat UI.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export HF_HUB_OFFLINE=1
.venv/bin/rag index
exec .venv/bin/rag serve "$@"
