#!/usr/bin/env bash
# Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) from src/.
set -euo pipefail
cd "$(dirname "$0")/.."
# from an empty dist/: the bundles are split into chunks whose names change with the code
rm -rf dist
ncc build src/index.ts -o dist --license licenses.txt
ncc build src/cli/index.ts -o dist/cli
chmod +x dist/cli/index.js
