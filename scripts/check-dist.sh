#!/usr/bin/env bash
# Fails when the committed dist/ is not what src/ builds to: the action runs dist/, not src/.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ does not match src/: run 'npm run build' and commit dist/." >&2
  git status --short -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ matches src/"
