#!/usr/bin/env bash
# Install the Debian packages Cursus needs at run time, only those that are missing, quietly.
#
#   WeasyPrint (PDF documents): libpango-1.0-0 libpangoft2-1.0-0, libharfbuzz-subset0 where the
#   distribution has it, and a font (fonts-dejavu-core); compilemessages: gettext.
#
#   With --with-test, also what the test suite drives: chromium (tests/browser, through Playwright).
#
# Usage: scripts/ensure_system_deps.sh [--with-test] [--check]
#   --check   print the missing packages (one a line) and exit 0; install nothing.
# Without root or apt-get it only warns: the packages must then be installed by an administrator.
set -euo pipefail

REQUIRED=(libpango-1.0-0 libpangoft2-1.0-0 gettext fonts-dejavu-core)
OPTIONAL=(libharfbuzz-subset0)   # not in every Debian release: installed only when apt knows it

check=0
for arg in "$@"; do
    case $arg in
        --check) check=1 ;;
        --with-test) REQUIRED+=(chromium) ;;
        *) echo "usage: $0 [--with-test] [--check]" >&2; exit 2 ;;
    esac
done

log() { printf 'cursus: %s\n' "$*" >&2; }

installed() {  # installed PKG -> 0 when dpkg reports it fully installed ("ii")
    local status
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true)
    [[ $status == ii* ]]
}

available() {  # available PKG -> 0 when apt has an installation candidate for it
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
    [[ -n $candidate && $candidate != "(none)" ]]
}

missing_required=()
missing_optional=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${REQUIRED[@]}"; do installed "$pkg" || missing_required+=("$pkg"); done
    for pkg in "${OPTIONAL[@]}"; do installed "$pkg" || missing_optional+=("$pkg"); done
else
    log "no dpkg: not a Debian system, make sure these are installed: ${REQUIRED[*]} ${OPTIONAL[*]}"
    exit 0
fi

if (( check )); then
    printf '%s\n' "${missing_required[@]}" "${missing_optional[@]}" | sed '/^$/d'
    exit 0
fi

(( ${#missing_required[@]} + ${#missing_optional[@]} == 0 )) && exit 0

# An optional package already found unavailable on this machine is not looked up again.
marker_dir=${CURSUS_VAR_DIR:-var}
if (( ${#missing_required[@]} == 0 )); then
    still=()
    for pkg in "${missing_optional[@]}"; do
        [[ -e "$marker_dir/.apt-unavailable-$pkg" ]] || still+=("$pkg")
    done
    (( ${#still[@]} == 0 )) && exit 0
    missing_optional=("${still[@]}")
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing system packages: ${missing_required[*]} ${missing_optional[*]}"
    log "install them as root: apt-get install ${missing_required[*]} ${missing_optional[*]}"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log "installing system packages: ${missing_required[*]} ${missing_optional[*]}"
apt-get -qq update >/dev/null
to_install=("${missing_required[@]}")
for pkg in "${missing_optional[@]}"; do
    if available "$pkg"; then
        to_install+=("$pkg")
    else
        log "$pkg is not available on this distribution: skipped"
        mkdir -p "$marker_dir" && touch "$marker_dir/.apt-unavailable-$pkg"
    fi
done
if (( ${#to_install[@]} )); then
    apt-get -qq install -y --no-install-recommends "${to_install[@]}" >/dev/null
fi
