# Sourced by ./run-local, scripts/test and scripts/deploy: runs scripts/setup when a pinned tool (tools/requirements.lock,
# tools/node/package-lock.json) is missing or at another version, so a fresh clone needs no separate setup step.
# Quiet when everything is installed as locked.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python scripts/lib/tools_current.py >/dev/null 2>&1; then
  echo "Installing the pinned tools first (scripts/setup) ..." >&2
  scripts/setup >&2
fi
