#!/usr/bin/env bash
# The one test command: installs what the tests use on a Debian/Ubuntu machine, then lints, checks
# that dist/ matches src/, and runs both test levels, unit and integration (real services), on the
# machine's Node and on Node 24, which the action runs on.
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
rm -f .tmp/jest-*.json
status=0

# Both levels under one Node binary: `run_levels <node> <name>` writes .tmp/jest-{unit,integration}<name>.json.
# That node comes first on PATH, so what the tests start (the bundle, the CLI's `#!/usr/bin/env node`,
# npm) runs on it too.
run_levels() {
  local node_bin=$1 name=$2
  echo "== unit and integration tests on Node $("$node_bin" --version)"
  PATH="$(dirname "$node_bin"):$PATH" "$node_bin" --experimental-vm-modules node_modules/jest/bin/jest.js \
    --json --outputFile=".tmp/jest-unit$name.json" || status=$?
  PATH="$(dirname "$node_bin"):$PATH" "$node_bin" --experimental-vm-modules node_modules/jest/bin/jest.js \
    --config jest.integration.config.js --json --outputFile=".tmp/jest-integration$name.json" || status=$?
}

# The machine's Node (the CLI's side: package.json engines), then Node 24, which action.yml names
# (`runs.using: node24`), from the npm package `node` unless the machine's Node is 24 already.
run_levels "$(command -v node)" ""
results=(.tmp/jest-unit.json .tmp/jest-integration.json)
if [ "$(node -p 'process.versions.node.split(".")[0]')" != 24 ]; then
  node24=.tmp/node24/node_modules/.bin/node
  if ! "$node24" --version >/dev/null 2>&1; then
    npm install --prefix .tmp/node24 --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null || true
  fi
  if "$node24" --version >/dev/null 2>&1; then
    run_levels "$PWD/$node24" -node24
  else
    echo "Could not install Node 24 (npm install node@24); its runs count as failed" >&2
  fi
  results+=(.tmp/jest-unit-node24.json .tmp/jest-integration-node24.json)
fi
# one plain closing line over every level and Node: how many tests passed and failed
node scripts/sum-results.js "${results[@]}" || status=1
exit "$status"
