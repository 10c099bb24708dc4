#!/usr/bin/env bash
# argmap's one-step setup. Installs whatever is missing, then runs the main job or the tests.
#   ./setup.sh run  [CORPUS...]   Graphviz + virtualenv + spaCy model, then `argmap run corpus/`
#   ./setup.sh test [PYTEST ARGS] the same plus test tools (Chromium for browser tests), then pytest
# Idempotent: a second call installs nothing and goes straight to the job.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-run}"; shift || true
VENV=.venv
PY="${PYTHON:-python3}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq >/dev/null; apt_updated=1; }
  echo "setup: installing $* (apt)" >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# system packages: Graphviz always; Chromium for the browser tests
command -v dot >/dev/null 2>&1 || apt_install graphviz
if [ "$mode" = test ]; then
  { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || apt_install chromium chromium-driver
fi
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "setup: Python >= 3.11 is needed (found $("$PY" --version))" >&2; exit 1; }
"$PY" -m venv --help >/dev/null 2>&1 && "$PY" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv

# virtualenv with pinned dependencies (requirements.lock is the tested set)
extras="model"; [ "$mode" = test ] && extras="model,test"
stamp="$VENV/.argmap-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)-${extras/,/-}"
if [ ! -f "$stamp" ]; then
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  echo "setup: installing Python packages into $VENV" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c requirements.lock -e ".[$extras]"
  rm -f "$VENV"/.argmap-*; touch "$stamp"
fi

case "$mode" in
  run)  if [ $# -eq 0 ]; then set -- corpus/; fi; exec "$VENV/bin/argmap" run "$@" ;;
  test) exec "$VENV/bin/python" -m pytest "$@" ;;
  *)    echo "usage: ./setup.sh run [CORPUS...] | ./setup.sh test [PYTEST ARGS]" >&2; exit 2 ;;
esac
