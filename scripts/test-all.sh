#!/usr/bin/env bash
# The one test command: installs what the tests use on a Debian/Ubuntu machine, then lints, checks
# that dist/ matches src/, and runs both test levels: unit (npm test) and integration (real services).
set -euo pipefail
cd "$(dirname "$0")/.."

# Real services and tools the integration tests start: CNCF Distribution registry, skopeo to seed
# images, htpasswd for Basic auth, openssl for the token server's certificate, tinyproxy as the
# HTTP proxy, bazel for the build path of examples/bazel, and the docker CLI (no daemon needed)
# for the docker engine.
packages=(docker-registry skopeo apache2-utils openssl ca-certificates tinyproxy bazel-bootstrap)
commands=(docker-registry skopeo htpasswd openssl tinyproxy bazel)
if ! command -v docker >/dev/null 2>&1; then packages+=(docker.io); commands+=(docker); fi

missing=()
for c in "${commands[@]}"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${packages[*]} (missing: ${missing[*]})"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]}. Install the Debian/Ubuntu packages: sudo apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi

if [ -n "${CI:-}" ] || [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
npm run -s lint
npm run -s check:dist
mkdir -p .tmp
rm -f .tmp/jest-unit.json .tmp/jest-integration.json
status=0
npm test -- --json --outputFile=.tmp/jest-unit.json || status=$?
npm run -s test:integration -- --json --outputFile=.tmp/jest-integration.json || status=$?
# one plain closing line over both levels: how many tests passed and failed
node scripts/sum-results.js .tmp/jest-unit.json .tmp/jest-integration.json || status=1
exit "$status"
