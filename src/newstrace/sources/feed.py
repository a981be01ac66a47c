"""RSS and Atom feeds: parsed with feedparser, read as saved files or fetched (``web.Fetcher``).

A saved feed file (``.rss``, ``.atom``, or any XML file whose root element is ``rss``, ``feed`` or
``rdf:RDF``) is read without touching the network: each entry that carries its article's full text
(``content:encoded``, Atom ``content``, or a description of at least ``FULL_TEXT_MIN_WORDS`` words)
becomes a page (kind ``feed``) with the entry's link, title, author and date; entries that carry a
summary only are counted and named in one line, since the page behind them would have to be
fetched (ingest the feed's URL for that). Content farms' WordPress feeds usually carry full text,
which makes a saved feed a cheap, complete record of what a site republished.

Feed HTML is sanitised by feedparser (no script, no event handler) and wrapped in a minimal page
whose title, author and date are escaped, so extraction sees the article as a page.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ..errors import SourceError, SourceSkip
from ..model import Page
from ..settings import Settings
from ..text import MARKUP_RE
from .decode import decode_text
from .files import text_bytes

FEED_SUFFIXES = (".rss", ".atom")
#: Leading characters inspected when sniffing whether a body is a feed.
FEED_SNIFF_CHARS = 2048
#: A description (RSS ``description``, Atom ``summary``) this long is taken as the full text; shorter
#: ones are teasers ("... [Read more]") whose article would be cut short.
FULL_TEXT_MIN_WORDS = 150

_FEED_ROOT_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
    r"<(?:rss|feed|rdf:RDF)[\s>]",
    re.DOTALL | re.IGNORECASE,
)


def looks_like_feed(head: bytes) -> bool:
    """The first bytes of an XML document whose root element is a feed's."""
    text = decode_text(head[:FEED_SNIFF_CHARS], html=False).lstrip("\ufeff")
    return bool(_FEED_ROOT_RE.match(text))


def parse(body: bytes, base_url: str | None = None, media_type: str | None = None) -> Any:
    headers = {k: v for k, v in (("content-location", base_url), ("content-type", media_type)) if v}
    return feedparser.parse(io.BytesIO(body), response_headers=headers)


def entries_or_error(parsed: Any, origin: str, limit: int | None = None) -> list[Any] | SourceError:
    """The feed's entries (at most ``limit``), or why there are none."""
    entries = list(parsed.entries)[:limit] if limit is not None else list(parsed.entries)
    if entries:
        return entries
    if parsed.get("bozo"):
        return SourceError(origin, f"malformed feed ({parsed.get('bozo_exception')})")
    return SourceError(origin, "feed has no entries")


def damage(parsed: Any) -> str | None:
    """Why feedparser flagged the feed as malformed (a truncated or ill-formed document, whose
    entries after the damage, or the text of the entry it cuts, are lost), or None; a mere
    encoding override is no damage."""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if exc is None or isinstance(exc, feedparser.ThingsNobodyCaresAboutButMe):
        return None
    return str(exc) or type(exc).__name__


def damage_error(origin: str, why: str, read: int, total: int) -> SourceError:
    return SourceError(
        origin,
        f"malformed feed ({why}); {read} of {total} entries read, entries cut short or after the"
        " damage are lost",
    )


def entry_link(entry: Any, base: str | None) -> str | None:
    """The absolute http(s) link of a feed entry, or None."""
    candidates = [entry.get("link")]
    candidates += [x.get("href") for x in entry.get("links", []) if x.get("rel", "alternate") == "alternate"]
    for link in candidates:
        if isinstance(link, str) and link.strip():
            absolute = urljoin(base or "", link.strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
    return None


def entry_date(entry: Any) -> str | None:
    """The entry's publication (or update) date as ``YYYY-MM-DD``, or with its time, in UTC, as
    ``YYYY-MM-DDTHH:MM:SS+00:00`` when the feed gives one (feed copies of one story a few hours
    apart are told apart by it); None without a date.

    feedparser rolls an impossible date over (``2026-13-45T25:61:00Z`` becomes 2027-01-01), so a
    date whose written day or time does not exist is no date.
    """
    for key in ("published", "updated", "created"):
        value = entry.get(f"{key}_parsed")
        raw = entry.get(key)
        if isinstance(value, time.struct_time) and not _impossible(raw):
            day = f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
            if isinstance(raw, str) and _CLOCK_RE.search(raw):
                return f"{day}T{value.tm_hour:02d}:{value.tm_min:02d}:{value.tm_sec:02d}+00:00"
            return day
    return None


_ISO_DAY_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_RFC822_DAY_RE = re.compile(r"(?:\A|[\s,])(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})\b", re.IGNORECASE)
_CLOCK_RE = re.compile(r"(?:\A|[T\s])(\d{1,2}):(\d{2})(?::(\d{2}))?")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _impossible(raw: Any) -> bool:
    """True when the written date (ISO 8601 or RFC 822) names a day or time that does not exist."""
    if not isinstance(raw, str):
        return False
    if (m := _ISO_DAY_RE.match(raw)):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _RFC822_DAY_RE.search(raw)) and m.group(2).lower() in _MONTHS:
        y, mo, d = int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))
    else:
        return False
    try:
        date(y, mo, d)
    except ValueError:
        return True
    clock = _CLOCK_RE.search(raw, m.end())
    return clock is not None and (int(clock.group(1)) > 23 or int(clock.group(2)) > 59
                                  or int(clock.group(3) or 0) > 60)


def entry_title(entry: Any) -> str | None:
    """The entry's title as plain text: an Atom ``type="html"`` (or xhtml) title loses its markup."""
    title = opt_str(entry.get("title"))
    if title and "html" in str((entry.get("title_detail") or {}).get("type", "")):
        title = opt_str(" ".join(html_lib.unescape(MARKUP_RE.sub("", title)).split()))
    return title


def opt_str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def entry_body(entry: Any) -> str | None:
    """The entry's full text as HTML (sanitised by feedparser), or None when it has a summary only."""
    best: tuple[int, str] | None = None
    for c in entry.get("content") or []:
        value = c.get("value") if isinstance(c, dict) else None
        if isinstance(value, str) and value.strip():
            as_html = value if "html" in str(c.get("type", "")) else _paragraphs(value)
            size = len(MARKUP_RE.sub(" ", as_html).split())
            if best is None or size > best[0]:
                best = (size, as_html)
    if best is not None:
        return best[1]
    summary = entry.get("summary")
    if isinstance(summary, str) and len(MARKUP_RE.sub(" ", summary).split()) >= FULL_TEXT_MIN_WORDS:
        kind = str((entry.get("summary_detail") or {}).get("type", "text/html"))
        return summary if "html" in kind else _paragraphs(summary)
    return None


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html_lib.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


#: Prefix of the credit line that keeps the address a feed entry named on another site than the
#: feed's own (see ``entry_page``).
FEED_LINK_MARK = "Feed link: "


def feed_site(url: str | None) -> str | None:
    """The site (registered domain) of an address, or None."""
    from ..extract import registered_domain

    return registered_domain(url) if url and urlsplit(url).scheme in ("http", "https") else None


def entry_page(entry: Any, body_html: str, origin: str, base: str | None) -> Page:
    """A page for extraction: the entry's content in a minimal document with its metadata.

    ``base`` is the feed's own address (a fetched feed's URL, a saved feed's channel link). The page
    is filed under the entry's link when that is on the feed's site; an entry without a link, or
    whose link is on another site, is filed under the feed's site with no address — a feed's text
    is the feed's word, and a farm's feed must not plant text as a victim's article at the
    victim's address — and such a link is kept as a ``Feed link: <url>`` credit line.
    """
    esc = html_lib.escape
    link = entry_link(entry, base)
    site = feed_site(base)
    credit = None
    if link is not None and site is not None and feed_site(link) != site:
        credit, link = FEED_LINK_MARK + link, None
    title = entry_title(entry)
    author = opt_str(entry.get("author"))
    date = entry_date(entry)
    head = [f"<title>{esc(title)}</title>" if title else ""]
    if author:
        head.append(f'<meta name="author" content="{esc(author)}">')
    if date:
        head.append(f'<meta property="article:published_time" content="{esc(date)}">')
    if link:
        head.append(f'<link rel="canonical" href="{esc(link)}">')
    h1 = f"<h1>{esc(title)}</h1>" if title else ""
    doc = (f'<!DOCTYPE html><html><head><meta charset="utf-8">{"".join(head)}</head>'
           f"<body><article>{h1}{body_html}</article></body></html>")
    return Page(origin=origin, url=link, html=doc, title=title, published=date, kind="feed",
                site=None if link else site, credit=credit)


def read_feed_file(path: Path, settings: Settings) -> Iterator[Page | SourceError]:
    """The full-text entries of a saved feed as pages; one line for those with a summary only."""
    origin = str(path)
    try:
        data = text_bytes(path, settings)
    except SourceError as e:
        yield e
        return
    parsed = parse(data)
    base = opt_str((parsed.get("feed") or {}).get("link"))
    entries = entries_or_error(parsed, origin)
    if isinstance(entries, SourceError):
        yield entries
        return
    summaries = 0
    for n, entry in enumerate(entries, 1):
        body = entry_body(entry)
        if body is None:
            summaries += 1
            continue
        yield entry_page(entry, body, f"{origin}#entry{n}", base)
    if (why := damage(parsed)) is not None:
        # the parse is flagged: an entry "without full text" may well be one whose text was cut off
        yield damage_error(origin, why, len(entries) - summaries, len(entries))
    elif summaries:
        yield SourceSkip(
            origin,
            f"{summaries} of {len(entries)} entries carry a summary only; skipped "
            "(ingest the feed's URL to fetch their pages)",
            summaries,
        )
