#!/usr/bin/env bash
# Embedded mode (`make run`): the Django dev server and a Celery worker with embedded beat, together
# in the foreground, no server needed (SQLite, kombu filesystem broker under var/broker, e-mails
# written to var/mail). Ctrl-C (or SIGTERM to this script) stops both; if either dies, the other is
# stopped too.
#
# Environment: PYTHON (default .venv/bin/python), CURSUS_ADDR (default 127.0.0.1:8000),
# DJANGO_SETTINGS_MODULE (default config.settings.local).
set -euo pipefail
set -m   # each child in its own process group: stopping one stops its subprocesses too

cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
ADDR=${CURSUS_ADDR:-127.0.0.1:8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
export PYTHONUNBUFFERED=1

mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail var/media

pids=()
stopping=0
stop_all() {
    (( stopping )) && return
    stopping=1
    local pid
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    # Celery's warm shutdown finishes the task in hand: give it 15 s, then insist.
    for _ in $(seq 1 75); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
        (( alive )) || return 0
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM HUP

"$PY" -m celery -A config worker -B --loglevel=INFO --concurrency=1 &
pids+=($!)
"$PY" manage.py runserver "$ADDR" &
pids+=($!)

printf 'cursus: web on http://%s/ (worker pid %s, web pid %s); Ctrl-C stops both\n' "$ADDR" "${pids[0]}" "${pids[1]}" >&2
status=0
wait -n "${pids[@]}" || status=$?
printf 'cursus: a process exited (status %s): stopping the other\n' "$status" >&2
exit "$status"
