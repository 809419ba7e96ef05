"""Production: PostgreSQL, Redis, SMTP (docker-compose.yml, .env.example).

Everything secret or site-specific comes from the environment and has no default: the process
refuses to start (ImproperlyConfigured, naming the variable) rather than run with a guessable key or
on the embedded SQLite/filesystem defaults.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def _required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set: {hint} (production settings refuse to start without it)."
        )
    return value


DEBUG = False

SECRET_KEY = _required(
    "DJANGO_SECRET_KEY",
    "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'`",
)
if len(SECRET_KEY) < 32 or SECRET_KEY.startswith(("insecure", "change-me", "changeme")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of at least 32 characters.")

# The public host names, plus loopback for the container healthcheck (GET /healthz from inside).
ALLOWED_HOSTS = [
    *env.list("DJANGO_ALLOWED_HOSTS", default=[]),
    "127.0.0.1",
    "localhost",
]
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

_required("DATABASE_URL", "e.g. postgres://cursus:PASSWORD@db:5432/cursus")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CELERY_BROKER_URL = _required("CELERY_BROKER_URL", "e.g. redis://redis:6379/0")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS is terminated by the reverse proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
