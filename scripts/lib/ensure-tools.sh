# Sourced by ./run-local, scripts/test and scripts/deploy: runs scripts/setup when a pinned tool (tools/requirements.lock,
# tools/node/package-lock.json) is missing or at another version, so a fresh clone needs no separate setup step; and
# installs LocalStack (scripts/localstack install) when only that is missing. Quiet when everything is installed.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python scripts/lib/tools_current.py >/dev/null 2>&1; then
  echo "Installing the pinned tools first (scripts/setup) ..." >&2
  scripts/setup >&2
elif [ ! -x .venv-localstack/bin/python ]; then
  echo "Installing LocalStack first (scripts/localstack install) ..." >&2
  scripts/localstack install >&2
fi
