#!/usr/bin/env bash
# Installs the terminal editors the end-to-end editor tests drive: Debian's Neovim (0.7) and
# Emacs with eglot (1.9). Idempotent: does nothing when they are already there; refreshes the
# package lists only when a package cannot be found in them. Needs root (as in CI) when it
# has to install something.
set -euo pipefail

needed=()
command -v nvim >/dev/null || needed+=(neovim)
command -v emacs >/dev/null || needed+=(emacs-nox)
dpkg-query -W -f='${Status}' elpa-eglot 2>/dev/null | grep -q "install ok installed" || needed+=(elpa-eglot)

if [ ${#needed[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "setup-terminal-editors: need root to install: ${needed[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
for package in "${needed[@]}"; do
    if ! apt-cache show "$package" >/dev/null 2>&1; then
        apt-get -o DPkg::Lock::Timeout=300 update -qq
        break
    fi
done
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
