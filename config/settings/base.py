"""Settings shared by every way of running Cursus.

Environment variables (django-environ) override everything that differs between the
embedded default (SQLite, filesystem broker, e-mails to files) and production
(PostgreSQL, Redis, SMTP). See README.md and docs/decisions.md.
"""

from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "courses",
    "enrollment",
    "admissions",
    "exams",
    "juries",
    "internships",
    "absences",
    "discipline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cursus.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions (STYLE 4)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the embedded web server and Celery worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",  # writers queue instead of failing with "database is locked"
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: login by e-mail only, no public sign-up (accounts come from admissions/enrollment).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "core.auth.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cursus"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded and issued files are private: they are served only through permission-checked views.
MEDIA_ROOT = env.path("CURSUS_MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_PERMISSIONS = 0o640

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-embedded-default-key-change-me-0123456789abcdef")

# E-mail: files in var/mail by default (embedded), SMTP in production.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cursus <ne-pas-repondre@cursus.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. Embedded default: kombu's filesystem transport (no server). Production: Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message to be redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Daily deadline sweep: reminders before due dates, late marking (core.tasks).
    "deadlines-sweep": {"task": "core.tasks.deadlines_sweep", "schedule": crontab(minute=15, hour=6)},
    # Notices left in 'ready' or stuck in 'sending' by a killed worker are re-queued.
    "notices-redeliver": {"task": "core.tasks.notices_redeliver", "schedule": 300.0},
    # Documents whose render task was lost (broker down, worker killed) are re-queued.
    "documents-redeliver": {"task": "core.tasks_documents.documents_redeliver", "schedule": 300.0},
    # M3C of years whose last semester has ended are frozen (courses.tasks).
    # Réserves not lifted one month after the next semester starts turn into zero (exams.tasks).
    "reserves-expire": {"task": "exams.tasks.reserves_expire_task", "schedule": crontab(minute=45, hour=2)},
    "m3c-freeze-ended": {"task": "courses.tasks.m3c_freeze_ended_task", "schedule": crontab(minute=30, hour=2)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cursus API",
    "DESCRIPTION": "Student lifecycle and exam administration. Errors: {code, message, fields}.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a "state" field with different choices: name each enum explicitly.
    "ENUM_NAME_OVERRIDES": {
        "DeadlineStateEnum": "core.models.deadlines.DeadlineState",
        "NoticeStatusEnum": "core.models.notices.NoticeStatus",
        "DocumentStatusEnum": "core.models.documents.DocumentStatus",
        "M3CStateEnum": "courses.models.programmes.M3CStateChoices",
        "RegistrationStateEnum": "enrollment.models.registrations.RegistrationState",
        "RegistrationDocumentStatusEnum": "enrollment.models.registrations.DocumentStatus",
        "ExamSessionStateEnum": "exams.models.sessions.SessionState",
        "ConsultationStateEnum": "juries.models.requests.ConsultationState",
        "ContestationStateEnum": "juries.models.requests.ContestationState",
        "ResultStateEnum": "juries.models.results.ResultState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Cursus-specific.
CURSUS_RULES_CATALOG = env.path(
    "CURSUS_RULES_CATALOG", default=str(BASE_DIR.parent / "shared" / "rules" / "catalog.yaml")
)
# Transient SMTP failures are retried this many times, with exponential back-off starting at
# CURSUS_NOTICE_RETRY_BASE_SECONDS (60 s -> 1, 2, 4, 8, 16 min: about half an hour in all).
# Attachments built when the e-mail is sent (the PDF convocation): off in tests, which check them explicitly.
CURSUS_NOTICE_LATE_ATTACHMENTS = env.bool("CURSUS_NOTICE_LATE_ATTACHMENTS", default=True)
CURSUS_NOTICE_MAX_ATTEMPTS = env.int("CURSUS_NOTICE_MAX_ATTEMPTS", default=6)
CURSUS_NOTICE_RETRY_BASE_SECONDS = env.int("CURSUS_NOTICE_RETRY_BASE_SECONDS", default=60)
# A notice still 'sending' after this long belonged to a worker that died: it is re-queued.
CURSUS_NOTICE_STALE_SENDING_SECONDS = env.int("CURSUS_NOTICE_STALE_SENDING_SECONDS", default=600)
CURSUS_SITE_URL = env("CURSUS_SITE_URL", default="http://127.0.0.1:8000")
CURSUS_UPLOAD_MAX_BYTES = env.int("CURSUS_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
