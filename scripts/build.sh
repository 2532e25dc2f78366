#!/usr/bin/env bash
# Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) from src/.
set -euo pipefail
cd "$(dirname "$0")/.."
# The CLI entry is src/cli/index.ts; src/cli.ts is where it lived before the CLI got a folder.
cli=src/cli/index.ts
[ -f "$cli" ] || cli=src/cli.ts
ncc build src/index.ts -o dist --license licenses.txt
ncc build "$cli" -o dist/cli
chmod +x dist/cli/index.js
