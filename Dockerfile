# Production image: gunicorn (web), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint (PDF documents) needs Pango and a font; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 1000 cursus

WORKDIR /app

# Dependencies first (cached while pyproject.toml and the lock do not change): the runtime ones
# only, pinned by the lock used as constraints.
COPY pyproject.toml requirements/lock.txt /tmp/deps/
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('/tmp/deps/pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/deps/runtime.txt \
    && pip install -r /tmp/deps/runtime.txt -c /tmp/deps/lock.txt \
    && rm -rf /tmp/deps

COPY . /app

# Translations and static files at build time, with throwaway settings values (nothing secret here;
# the real ones come from the environment at run time).
RUN export DJANGO_SECRET_KEY=build-only-throwaway-key-not-used-at-run-time-0123456789 \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// \
    && if find . -name '*.po' -not -path './var/*' | grep -q .; then python manage.py compilemessages -v 0 -i var; fi \
    && python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/var/media /app/var/mail /app/var/beat \
    && chown -R cursus:cursus /app/var

USER cursus
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
