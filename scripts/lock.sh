#!/usr/bin/env bash
# Rewrite requirements/lock.txt: resolve `.[dev]` afresh in a throwaway venv and `pip freeze` it
# (pip itself included: the Makefile brings a new venv's pip to that version first).
# The lock is used as a constraints file (`pip install -e .[dev] -c requirements/lock.txt`), so a
# dependency added to pyproject.toml installs even before the lock is refreshed; tests/test_infra.py
# checks that every declared dependency is pinned here.
#
# Usage: scripts/lock.sh [PYTHON] [LOCK_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin=${1:-python3.11}
lock=${2:-requirements/lock.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

scripts/ensure_venv.sh "$python_bin" "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -qq --disable-pip-version-check --upgrade pip
# The dependencies only (building the project itself would leave build/ in the work tree).
"$tmp/venv/bin/python" - >"$tmp/requirements.txt" <<'PY'
import tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["dev"]))
PY
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$tmp/requirements.txt"
mkdir -p "$(dirname "$lock")"
{
    echo "# Cursus dependency lock: \`make lock\` rewrites it (scripts/lock.sh); do not edit by hand."
    echo "# Used as constraints: pip install -e '.[dev]' -c $lock"
    echo "# Python $("$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())')"
    "$tmp/venv/bin/python" -m pip freeze --all --disable-pip-version-check --exclude-editable --exclude cursus --exclude setuptools --exclude wheel
} >"$lock.new"
mv "$lock.new" "$lock"
echo "cursus: wrote $lock ($(grep -c '==' "$lock") pins)"
