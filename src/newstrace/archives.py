"""Web archive captures: a page read from the Wayback Machine (or an archive running its software)
is the page it archived, at the address it archived.

Researchers read deleted farm pages from web.archive.org; a capture's address, its canonical link and
every link in it are rewritten to ``https://web.archive.org/web/<timestamp>/<original address>``.
Taken as they are, every capture would be an article of "archive.org" and every credit link would
name the archive, not the source. :func:`original_url` undoes the rewriting.
"""

from __future__ import annotations

import re

ARCHIVE_HOSTS = frozenset({
    "web.archive.org", "wayback.archive.org", "archive.org", "www.archive.org",
    "wayback.archive-it.org", "arquivo.pt", "www.arquivo.pt", "webarchive.org.uk", "www.webarchive.org.uk",
    "webarchive.nationalarchives.gov.uk", "webarchive.loc.gov", "wayback.vefsafn.is",
})
"""Hosts whose addresses of the form ``/<path>/<timestamp>[modifier]/<address>`` are captures."""

_CAPTURE_RE = re.compile(
    r"^(?:https?://(?P<host>[^/?#\s]+))?"  # a relative "/web/..." link inside a capture has no host
    r"/(?:[^/?#\s]+/){0,3}?"  # web/, wayback/, wayback/archive/, a collection number ...
    r"(?P<stamp>\d{4,14})(?:[a-z]{2}_|id_)?/"  # 20190717140047, 20190717140047id_, ...js_
    r"(?P<address>(?:https?:/{1,3}|www\.)\S+)$",
    re.IGNORECASE,
)
_SCHEME_RE = re.compile(r"^(https?):/+", re.IGNORECASE)


def original_url(url: str | None) -> str | None:
    """The archived address when ``url`` is a capture's, else None.

    ``https://web.archive.org/web/20190717140047/http://www.example.com/a`` and the relative
    ``/web/20190717140047/http://www.example.com/a`` give ``http://www.example.com/a``; the
    archive's collapsed ``http:/www.example.com`` and a bare ``www.example.com/a`` are mended; a
    capture of a capture gives the innermost address.
    """
    if not url or not url.strip():
        return None
    found = None
    current = url.strip()
    for _ in range(4):
        m = _CAPTURE_RE.match(current)
        if m is None:
            break
        host = (m.group("host") or "").lower()
        if host:
            host = host.rsplit("@", 1)[-1].split(":", 1)[0]
            if host not in ARCHIVE_HOSTS:
                break
        elif not current.startswith(("/web/", "/wayback/")):
            break  # a relative link is a capture's only in the Wayback software's own forms
        address = m.group("address")
        address = _SCHEME_RE.sub(lambda s: s.group(1).lower() + "://", address) if _SCHEME_RE.match(address) \
            else "http://" + address
        found = current = address
    return found


def unarchived(url: str | None) -> str | None:
    """``url``, or the address it archived when it is a capture's (see :func:`original_url`)."""
    return original_url(url) or url


def is_archive_site(site: str | None) -> bool:
    """Whether ``site`` (a registered domain) is a web archive's."""
    return bool(site) and any(h == site or h.endswith("." + str(site)) for h in ARCHIVE_HOSTS)
