"""Test settings. DATABASE_URL selects SQLite (default) or PostgreSQL (make test runs both)."""

from .base import *  # noqa: F403
from .base import TEMPLATES, VAR_DIR, env

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'test.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["TEST"] = {"NAME": None}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = str(VAR_DIR / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Unknown template variables fail loudly in tests (les-emplois' strict conftest).
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VARIABLE<%s>"
LANGUAGE_CODE = "fr"
CURSUS_NOTICE_RETRY_BASE_SECONDS = 0
CURSUS_NOTICE_LATE_ATTACHMENTS = False
# No collectstatic before tests: WhiteNoise looks files up per request instead of scanning STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
