"""Embedded default: `make run` on a fresh machine, no services needed."""

from .base import *  # noqa: F403

DEBUG = True
