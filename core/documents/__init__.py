"""Issued documents (STYLE 10): HTML templates rendered to PDF by WeasyPrint in a task, stored
privately with a SHA-256 checksum, immutable once issued; a correction is a new version that
points to the one it replaces.

- ``services``: ``document_issue``, ``document_correct``, ``document_render_file`` (called by the task)
- ``render``: ``render_pdf(template, context, language) -> bytes``
- ``selectors``: ``get_document_for(user, id)`` (missing and forbidden alike raise NotFound)
- ``attestations``: the role attestation, the first real document built on this layer

Writing a new document (convocation, PV, transcript…)::

    {% extends "documents/base.html" %}            {# templates/documents/<kind>.html #}
    {% load i18n %}
    {% block doc_title %}{% translate "Convocation" %}{% endblock %}
    {% block body %}<p>{{ student_name }} …</p>{% endblock %}

    document_issue(actor=..., kind="exams.convocation", title=..., template="documents/convocation.html",
                   context={"student_name": ...}, owner=student, component=component, subject=sitting)

The base prints the institution, reference, version, issue date and the checksum note on every page;
besides your ``context`` the template receives ``document``, ``institution``, ``component`` and
``previous`` (the version a correction replaces). Pass display-ready strings in ``context``.
"""
