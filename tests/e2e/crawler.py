"""A small breadth-first crawler over Django's test client, with page checks (no new deps).

Checks on every HTML page: status (a link SHOWN to the user must not give 403/404, nothing may
give 500), no ``INVALID_TEMPLATE_VARIABLE``, ``<html lang=…>``, exactly one ``<h1>``, and every
visible form control has an accessible name (``<label for=id>``, an enclosing ``<label>``,
``aria-label`` or ``aria-labelledby``).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
EXCLUDED_PREFIXES = ("/static/", "/media/", "/api/v1/docs", "/api/v1/redoc", "/i18n/", "/accounts/logout")


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.html_lang: str | None = None
        self.h1_count = 0
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type", "text").lower() in UNLABELLED_TYPES:
                return
            self.controls.append({**a, "_tag": tag, "_in_label": "1" if self._label_depth else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def page_problems(body: str, *, lang: str | None = None) -> list[str]:
    """What is wrong with one HTML page (empty list when nothing); ``lang``: the expected language."""
    problems = []
    if "INVALID_TEMPLATE_VARIABLE" in body:
        found = sorted(set(re.findall(r"INVALID_TEMPLATE_VARIABLE<[^>]*>", body)))[:5]
        problems.append(f"unknown template variable(s) {found}")
    parser = PageParser()
    parser.feed(body)
    if not parser.html_lang:
        problems.append("no <html lang=…>")
    elif lang and parser.html_lang != lang:
        problems.append(f"<html lang={parser.html_lang!r}> (want {lang!r})")
    if parser.h1_count != 1:
        problems.append(f"{parser.h1_count} <h1> (want exactly 1)")
    for control in parser.controls:
        named = (
            (control.get("id") and control["id"] in parser.label_for)
            or control.get("aria-label", "").strip()
            or control.get("aria-labelledby", "").strip()
            or control["_in_label"]
        )
        if not named:
            problems.append(
                f"<{control['_tag']} name={control.get('name', '')!r} id={control.get('id', '')!r}> has no label"
            )
    return problems


def internal_links(body: str) -> list[str]:
    parser = PageParser()
    parser.feed(body)
    found = []
    for href in parser.links:
        href = urldefrag(href)[0]
        if not href.startswith("/") or href.startswith("//"):
            continue
        if href.startswith(EXCLUDED_PREFIXES):
            continue
        if href.startswith("/admin/"):
            continue
        found.append(href)
    return found


def pattern_of(url: str) -> str:
    """``/inscriptions/12/`` and ``/inscriptions/13/`` are the same page kind."""
    path = urlsplit(url).path
    return re.sub(r"/[0-9a-f]{8}-[0-9a-f-]{27}/|/\d+/", "/{id}/", path)


@dataclass
class CrawlResult:
    user: str
    visited: dict[str, int] = field(default_factory=dict)  # url -> status
    failures: list[str] = field(default_factory=list)
    referrers: dict[str, str] = field(default_factory=dict)  # url -> page that showed the link

    def report(self) -> str:
        return f"{self.user}: {len(self.failures)} problem(s)\n  " + "\n  ".join(self.failures)


def crawl(client, user: str, *, start: str = "/", max_depth: int = 2, max_pages: int = 60,
          per_pattern: int = 2, lang: str | None = None) -> CrawlResult:
    """Breadth-first from ``start``; at most ``per_pattern`` URLs of one kind (ids swapped)."""
    result = CrawlResult(user=user)
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    seen = {start}
    per_kind: dict[str, int] = {}
    while queue and len(result.visited) < max_pages:
        url, depth = queue.popleft()
        where = f"{url} (linked from {result.referrers.get(url, '-')})"
        try:
            response = client.get(url)
        except Exception as exc:  # the test client re-raises view exceptions: that is a 500
            result.visited[url] = 500
            result.failures.append(f"{where}: 500 {type(exc).__name__}: {str(exc)[:300]}")
            continue
        status = response.status_code
        result.visited[url] = status
        if status in (301, 302, 303):
            target = response.headers.get("Location", "")
            if "/accounts/login" in target:
                result.failures.append(f"{where}: {status} to the login page for a logged-in user")
            elif target.startswith("/") and target not in seen and depth < max_depth:
                seen.add(target)
                result.referrers[target] = url
                queue.append((target, depth + 1))
            continue
        if status != 200:
            result.failures.append(f"{where}: status {status} for a link shown to this user")
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        body = response.content.decode(response.charset or "utf-8", errors="replace")
        result.failures.extend(f"{where}: {problem}" for problem in page_problems(body, lang=lang))
        if depth >= max_depth:
            continue
        for link in internal_links(body):
            if link in seen:
                continue
            seen.add(link)
            kind = pattern_of(link)
            if per_kind.get(kind, 0) >= per_pattern:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            result.referrers[link] = url
            queue.append((link, depth + 1))
    return result
