"""Notices: a row before an e-mail (STYLE 7).

* :mod:`core.notices.kinds` — core's own notice kinds (imported here so that
  ``core.notices_registry.autodiscover_notice_kinds``, which imports ``<app>.notices``, registers them).
* :mod:`core.notices.rendering` — strict template rendering (a missing variable is an error).
* :mod:`core.notices.services` — ``notice_enqueue`` (idempotent on key), ``notice_retry``.
* :mod:`core.notices.delivery` — the send (claim, SMTP, retry budget) and the redelivery sweep.
"""

from core.notices import kinds  # noqa: F401  (registers core.* notice kinds)
