"""Celery application. Tasks take ids and are queued on commit (STYLE 8)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("cursus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Document rendering lives in core/tasks_documents.py (core/tasks.py belongs to deadlines/notices).
app.autodiscover_tasks(related_name="tasks_documents")
