#!/usr/bin/env bash
# Create the project virtualenv (.venv) with Python 3.11 if it is missing or broken.
#
# Usage: scripts/ensure_venv.sh [PYTHON] [VENV_DIR]
# On Debian, `python3.11 -m venv` needs the python3.11-venv package (ensurepip): when the
# first attempt fails and we are root, it is installed with apt-get and the venv is retried.
set -euo pipefail

python_bin=${1:-python3.11}
venv=${2:-.venv}

log() { printf 'cursus: %s\n' "$*" >&2; }

if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null; then
    exit 0
fi

if ! command -v "$python_bin" >/dev/null 2>&1; then
    # Fall back to python3 when it is a 3.11+ interpreter.
    if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null; then
        python_bin=python3
    else
        log "$python_bin not found: install Python 3.11 (Debian: apt-get install python3.11 python3.11-venv)."
        exit 1
    fi
fi

log "creating $venv with $("$python_bin" --version 2>&1)"
if ! "$python_bin" -m venv --clear "$venv" 2>/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        minor=$("$python_bin" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        log "venv/ensurepip missing: installing python${minor}-venv with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -qq update >/dev/null
        apt-get -qq install -y --no-install-recommends "python${minor}-venv" >/dev/null \
            || apt-get -qq install -y --no-install-recommends python3-venv >/dev/null
        "$python_bin" -m venv --clear "$venv"
    else
        log "could not create $venv: install the venv module (Debian: apt-get install python3.11-venv)."
        exit 1
    fi
fi
