#!/bin/sh
# Dispatches the image's command to a compiled entry point under dist/ (see docker/Dockerfile).
# test/integration/compose.int-spec.ts reads the case arms below: it checks that every
# command used by docker/compose.yaml has an arm and that each dist/**/*.js run here is
# compiled from an existing source file. Keep one arm per command.
set -eu

cd /app

usage() {
  echo "usage: entrypoint.sh api | worker | migrate [--seed] | seed | healthcheck" >&2
}

if [ "$#" -eq 0 ]; then
  usage
  exit 64
fi
role=$1
shift

case "$role" in
  api)
    exec node --enable-source-maps dist/apps/api/src/main.js "$@"
    ;;
  worker)
    exec node --enable-source-maps dist/apps/worker/src/main.js "$@"
    ;;
  migrate)
    # `migrate --seed` also loads the demo data once the schema is current.
    seed=false
    if [ "${1:-}" = "--seed" ]; then
      seed=true
      shift
    fi
    node --enable-source-maps dist/scripts/migrate.js "$@"
    if [ "$seed" = true ]; then
      exec node --enable-source-maps dist/scripts/seed.js
    fi
    ;;
  seed)
    exec node --enable-source-maps dist/scripts/seed.js "$@"
    ;;
  healthcheck)
    # Run by the image's HEALTHCHECK (api only): GET /api/health must answer 2xx.
    # shellcheck disable=SC2016 # JavaScript, not shell, expands ${...} here.
    exec node -e '
      const url = `http://127.0.0.1:${process.env.PORT || 3000}/api/health`;
      fetch(url, { signal: AbortSignal.timeout(4000) }).then(
        (res) => process.exit(res.ok ? 0 : 1),
        () => process.exit(1),
      );
    '
    ;;
  *)
    echo "entrypoint.sh: unknown command '$role'" >&2
    usage
    exit 64
    ;;
esac
