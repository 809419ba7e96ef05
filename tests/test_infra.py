"""Infrastructure: what a newcomer and an operator get (issue 2).

The Docker engine is not available where the tests run, so the compose file is checked as data;
production settings, the Makefile helpers and the benchmark runner are exercised for real in
subprocesses (no database needed).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
BASH = shutil.which("bash") or "/bin/bash"
APP_SERVICES = ("migrate", "web", "worker", "beat")


def _run(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 60, **kwargs):
    return subprocess.run(  # noqa: S603 - fixed arguments built by the tests
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


# --------------------------------------------------------------------------- docker compose
@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_production_service(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis", "migrate"}
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:7")
    assert {"pgdata", "media"} <= set(compose["volumes"])


@pytest.mark.parametrize("service", ["web", "worker", "beat", "db", "redis"])
def test_compose_long_running_services_have_healthchecks(compose, service):
    healthcheck = compose["services"][service]["healthcheck"]
    assert healthcheck["test"], service
    assert healthcheck.get("interval"), service


def test_compose_health_probes_check_the_right_thing(compose):
    services = compose["services"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-1] == "ping"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_app_services_run_production_settings_from_env(compose, service):
    spec = compose["services"][service]
    assert spec["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert spec["env_file"] == ".env"
    assert spec["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in spec["environment"]["DATABASE_URL"]
    assert spec["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")
    # No literal password: it is interpolated from .env and required.
    assert "${POSTGRES_PASSWORD:?" in spec["environment"]["DATABASE_URL"]


def test_compose_commands_and_start_order(compose):
    services = compose["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "config.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--no-input"]
    assert services["migrate"]["restart"] == "no"
    for service in ("web", "worker", "beat"):
        depends = services[service]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert "media:/app/var/media" in services["web"]["volumes"]


def test_env_example_holds_no_secret_and_env_is_not_shipped():
    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for key in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"):
        assert values[key] in ("", "change-me"), key
    dockerignore = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", ".git", "var"} <= set(dockerignore)


def test_dockerfile_builds_a_slim_image_with_pdf_libraries_and_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "gettext", "fonts-dejavu-core"):
        assert package in dockerfile
    assert "collectstatic --no-input" in dockerfile
    assert "-c /tmp/deps/lock.txt" in dockerfile
    assert "USER cursus" in dockerfile


# --------------------------------------------------------------------------- production settings
def _production_env(**overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-random-enough-for-a-test-0123456789",
        DATABASE_URL="postgres://cursus:pw@db:5432/cursus",
        CELERY_BROKER_URL="redis://redis:6379/0",
        DJANGO_ALLOWED_HOSTS="cursus.example.fr",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)"
)


def test_production_settings_start_with_a_complete_environment():
    result = _run([sys.executable, "-c", PRINT_SETTINGS], env=_production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False ['cursus.example.fr', '127.0.0.1', 'localhost'] "
        "django.db.backends.postgresql redis://redis:6379/0"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is not set"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is not set"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be a random string of at least 32"),
        ({"DJANGO_SECRET_KEY": "insecure-" + "x" * 40}, "DJANGO_SECRET_KEY must be a random string"),
        ({"DATABASE_URL": None}, "DATABASE_URL is not set"),
        ({"CELERY_BROKER_URL": None}, "CELERY_BROKER_URL is not set"),
    ],
)
def test_production_settings_refuse_to_start_without_secrets(overrides, message):
    result = _run([sys.executable, "-c", PRINT_SETTINGS], env=_production_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


# --------------------------------------------------------------------------- dependencies
def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"lock line without an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def test_lock_pins_every_declared_dependency_within_its_range():
    project = _pyproject()["project"]
    pins = _lock()
    unpinned, outside = [], []
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        if name not in pins:
            unpinned.append(requirement.name)
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            outside.append(f"{requirement.name}=={pins[name]} not in {requirement.specifier}")
    assert not unpinned, f"not in requirements/lock.txt (run `make lock`): {unpinned}"
    assert not outside, f"lock out of date (run `make lock`): {outside}"


def test_lock_has_django_52_lts_and_matching_stubs():
    pins = _lock()
    assert pins["django"].startswith("5.2.")
    assert pins["django-stubs"].startswith("5.2.")
    assert pins["djangorestframework-stubs"].startswith("3.16.")
    assert "cursus" not in pins


# --------------------------------------------------------------------------- Makefile, scripts, CI
def test_ci_run_is_an_executable_bash_script_running_make_test():
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    text = ci.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert re.search(r"^exec make test\b", text, re.MULTILINE)


@pytest.mark.parametrize(
    "script",
    ["ensure_venv.sh", "ensure_system_deps.sh", "ensure_services.sh", "run_embedded.sh", "lock.sh"],
)
def test_scripts_are_executable_and_parse(script):
    path = ROOT / "scripts" / script
    assert os.access(path, os.X_OK)
    assert path.read_text().startswith("#!/usr/bin/env bash\n")
    result = _run([BASH, "-n", str(path)])
    assert result.returncode == 0, result.stderr


def test_makefile_offers_the_documented_targets():
    result = _run(["make", "-s", "help"])
    assert result.returncode == 0, result.stderr
    targets = set(re.findall(r"make (\S+)", result.stdout))
    assert {"run", "test", "lint", "bench", "install", "lock", "services"} <= targets
    makefile = (ROOT / "Makefile").read_text()
    assert "config.settings.local" in makefile
    assert "-c $(LOCK)" in makefile and "LOCK := requirements/lock.txt" in makefile


def test_readme_quick_start_is_exactly_make_run_and_make_test():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section, re.DOTALL)
    assert first_block is not None
    assert first_block.group(1).split("\n")[:-1] == ["make run", "make test"]


def _fake_dpkg(tmp_path: Path, missing: set[str]) -> dict[str, str]:
    """A dpkg-query on PATH that reports every package installed but ``missing``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dpkg-query"
    cases = " | ".join(sorted(missing)) or "__none__"
    fake.write_text(
        textwrap.dedent(f"""\
        #!/usr/bin/env bash
        pkg="${{@: -1}}"
        case "$pkg" in
            {cases}) echo "dpkg-query: no packages found matching $pkg" >&2; exit 1 ;;
            *) printf 'ii ' ;;
        esac
        """)
    )
    fake.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


@pytest.mark.parametrize(
    "missing",
    [
        set(),
        {"libpango-1.0-0"},
        {"gettext", "fonts-dejavu-core"},
        {"libharfbuzz-subset0"},
        {"libpango-1.0-0", "libpangoft2-1.0-0", "gettext", "fonts-dejavu-core", "libharfbuzz-subset0"},
    ],
)
def test_system_deps_detection_lists_exactly_the_missing_packages(tmp_path, missing):
    result = _run(
        [str(ROOT / "scripts" / "ensure_system_deps.sh"), "--check"], env=_fake_dpkg(tmp_path, missing)
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == missing


def test_system_deps_for_tests_add_chromium(tmp_path):
    script = str(ROOT / "scripts" / "ensure_system_deps.sh")
    env = _fake_dpkg(tmp_path, {"chromium", "gettext"})
    assert _run([script, "--check"], env=env).stdout.split() == ["gettext"]
    assert _run([script, "--with-test", "--check"], env=env).stdout.split() == ["gettext", "chromium"]
    assert _run([script, "--bogus"], env=env).returncode == 2


def test_system_deps_detection_treats_half_installed_packages_as_missing(tmp_path):
    env = _fake_dpkg(tmp_path, set())
    (tmp_path / "bin" / "dpkg-query").write_text(
        '#!/usr/bin/env bash\n[[ "${@: -1}" == gettext ]] && printf "rc " || printf "ii "\n'
    )
    result = _run([str(ROOT / "scripts" / "ensure_system_deps.sh"), "--check"], env=env)
    assert result.stdout.split() == ["gettext"]


# --------------------------------------------------------------------------- run_embedded.sh
def _fake_python(tmp_path: Path, *, worker_exit: int | None = None) -> dict[str, str]:
    """A PYTHON that records each start (role and pid) and sleeps; the worker may exit at once."""
    fake = tmp_path / "python"
    worker_line = f"[[ $role == worker ]] && sleep 1 && exit {worker_exit}" if worker_exit is not None else ""
    fake.write_text(
        textwrap.dedent(f"""\
        #!/usr/bin/env bash
        if [[ $1 == -m && $2 == celery ]]; then role=worker; else role=web; fi
        echo "$role $$ $*" >> {tmp_path}/starts
        {worker_line}
        exec sleep 60
        """)
    )
    fake.chmod(0o755)
    env = {**os.environ, "PYTHON": str(fake), "CURSUS_ADDR": "127.0.0.1:65500"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _wait_for_starts(tmp_path: Path, count: int) -> dict[str, tuple[int, str]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        starts = tmp_path / "starts"
        if starts.exists() and len(lines := starts.read_text().splitlines()) >= count:
            return {line.split()[0]: (int(line.split()[1]), line) for line in lines}
        time.sleep(0.05)
    raise AssertionError("run_embedded.sh did not start its processes")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def _wait_dead(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def test_run_embedded_starts_worker_and_web_and_stops_both_on_sigterm(tmp_path):
    proc = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts" / "run_embedded.sh")],
        cwd=ROOT,
        env=_fake_python(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = _wait_for_starts(tmp_path, 2)
        worker_pid, worker_line = started["worker"]
        web_pid, web_line = started["web"]
        assert "-m celery -A config worker -B --loglevel=INFO" in worker_line
        assert "manage.py runserver 127.0.0.1:65500" in web_line
        assert (ROOT / "var" / "broker" / "queue").is_dir()
        assert (ROOT / "var" / "broker" / "processed").is_dir()
        assert (ROOT / "var" / "mail").is_dir()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=15)
        assert proc.returncode == 143, stderr
        assert _wait_dead([worker_pid, web_pid])
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_run_embedded_stops_the_web_server_when_the_worker_dies(tmp_path):
    proc = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts" / "run_embedded.sh")],
        cwd=ROOT,
        env=_fake_python(tmp_path, worker_exit=3),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = _wait_for_starts(tmp_path, 2)
        _, stderr = proc.communicate(timeout=15)
        assert proc.returncode == 3, stderr
        assert "a process exited (status 3)" in stderr
        assert _wait_dead([started["web"][0]])
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


# --------------------------------------------------------------------------- benchmarks/run.py
@pytest.fixture(scope="module")
def bench_runner():
    spec = importlib.util.spec_from_file_location("cursus_bench_runner", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_bench_runner_with_no_modules_says_so_and_succeeds(bench_runner, tmp_path, capsys):
    assert bench_runner.main(["--dir", str(tmp_path)]) == 0
    assert "No benchmark modules yet" in capsys.readouterr().out


def test_bench_runner_discovers_and_runs_modules_and_reports_failures(bench_runner, tmp_path):
    (tmp_path / "bench_alpha.py").write_text(
        textwrap.dedent("""\
        def run(report):
            report("throughput", 1234.5, "marks/s")
            with report.measure("block", ops=10):
                sum(range(1000))
            assert report.timeit("call", lambda: 41 + 1, repeat=3) == 42
        """)
    )
    (tmp_path / "bench_broken.py").write_text("def run(report):\n    raise RuntimeError('boom')\n")
    (tmp_path / "helper.py").write_text("raise SystemExit('not a bench module')\n")
    paths = bench_runner.discover(tmp_path)
    assert [p.name for p in paths] == ["bench_alpha.py", "bench_broken.py"]
    assert [p.name for p in bench_runner.discover(tmp_path, "alp")] == ["bench_alpha.py"]

    between_calls = []
    measurements, failures = bench_runner.run_modules(
        paths, between=lambda: between_calls.append(1), count_queries=False
    )
    assert len(between_calls) == 1
    assert [(m.bench, m.case, m.unit) for m in measurements] == [
        ("alpha", "throughput", "marks/s"),
        ("alpha", "block", "ms"),
        ("alpha", "call", "ms"),
    ]
    assert measurements[0].value == 1234.5
    assert measurements[2].runs == 3
    assert measurements[1].note.startswith("10 ops, ")
    assert [name for name, _ in failures] == ["broken"]
    assert "RuntimeError: boom" in failures[0][1]

    table = bench_runner.render_table(measurements).splitlines()
    assert table[0].split() == ["bench", "case", "value", "unit", "runs", "best", "queries", "note"]
    assert table[2].split()[:4] == ["alpha", "throughput", "1,234", "marks/s"]


def test_bench_runner_counts_queries(bench_runner, db):
    from django.db import connection

    report = bench_runner.Report("q")
    with report.measure("two queries"), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("SELECT 2")
    assert report.measurements[0].queries == 2
