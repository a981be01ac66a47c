"""URLs and RSS/Atom feeds, fetched with httpx.

Guarantees:

- every request carries ``Settings.user_agent``; a request (connections, status line, headers,
  redirects and body together) ends after ``Settings.fetch_timeout_s``: every read and write of
  the connection waits at most until that deadline;
- a body larger than ``Settings.max_page_bytes`` (after content decoding) is refused while it
  streams in, so a hostile server cannot exhaust memory;
- unless ``allow_private``, no connection is ever opened to a private, loopback, link-local,
  multicast or reserved address: the check runs when each TCP connection is opened, on every
  address the host name resolves to, so it covers each redirect hop and DNS answers that change
  between a check and the connection (rebinding); environment proxies are not used;
- a feed (by content type, or sniffed: an XML document whose root is ``rss``, ``feed`` or
  ``rdf:RDF``) is parsed with feedparser and its first ``Settings.feed_max_items`` entry links are
  fetched (kind ``feed``, with the entry's date and title as fallbacks; when an entry's page cannot be
  fetched but the entry carries its full text, that text is the page, filed under the entry's link
  only when that is on the feed's own site, else under the feed's site with a ``Feed link: <url>``
  credit line); any other page is kind ``url``;
- a failure yields a ``SourceError`` naming the URL and the reason; a feed's other entries go on.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpcore
import httpx

from ..errors import SourceError
from ..model import Page
from ..settings import Settings
from .decode import BodyTooLarge, CompressionError, ContentDecoder, content_codings, decode_text, sniff_binary
from .feed import (
    FEED_SNIFF_CHARS,
    damage,
    damage_error,
    entries_or_error,
    entry_body,
    entry_date,
    entry_link,
    entry_page,
    entry_title,
    looks_like_feed,
)
from .feed import parse as parse_feed
from .files import looks_like_html, split_title
from .warc import HTML_MEDIA_TYPES

FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)
#: Media types read as plain-text articles (first line the title).
TEXT_MEDIA_TYPES = frozenset({"text/plain"})
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)

_ERRNO_RE = re.compile(r"^\[Errno -?\d+\]\s*")


def is_url(item: str) -> bool:
    """True for inputs that are http(s) URLs rather than paths."""
    return item[:8].lower().startswith(("http://", "https://"))


#: IPv6 ranges never fetched from: IPv4-compatible addresses (deprecated, ``::7f00:1``), SIIT's
#: IPv4-translated addresses and deprecated site-local addresses, which Python's ``is_global``
#: calls global although they reach IPv4 hosts or a private network.
_REFUSED_V6 = tuple(ipaddress.IPv6Network(n) for n in ("::/96", "::ffff:0:0:0/96", "fec0::/10"))
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # well-known NAT64 prefix: IPv4 in the last 32 bits
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # local-use NAT64 (RFC 8215), RFC 6052 layout


def is_public_address(address: str) -> bool:
    """True when ``address`` (IPv4/IPv6 text) is globally routable unicast.

    False for private, loopback, link-local, multicast, unspecified and reserved ranges. An IPv6
    address that carries an IPv4 one — IPv4-mapped (``::ffff:a.b.c.d``), NAT64 (``64:ff9b::/96``,
    ``64:ff9b:1::/48``), 6to4 (``2002::/16``) — is judged by the IPv4 address it reaches;
    IPv4-compatible (``::/96``), SIIT (``::ffff:0:0:0/96``) and site-local (``fec0::/10``)
    addresses are refused outright.
    """
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        packed = ip.packed
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(packed[12:])
        elif ip in _NAT64_LOCAL:
            ip = ipaddress.IPv4Address(packed[6:8] + packed[9:11])  # bits 64-71 are the "u" octet
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif any(ip in net for net in _REFUSED_V6):
            return False
    return ip.is_global and not ip.is_multicast


class PrivateAddressError(Exception):
    """A connection to a non-public address was refused."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to a private or reserved address ({address})")
        self.host = host
        self.address = address


class _Deadline:
    """When the request in flight must have ended (``time.monotonic``), shared by all connections
    of one ``Fetcher``: every connect, read and write of the transport waits at most until then,
    so a server that sends its status line and headers a byte at a time (each read well within the
    per-read timeout) is cut off as surely as a slow body."""

    def __init__(self) -> None:
        self.at: float | None = None

    def left(self, timeout: float | None, timed_out: type[Exception]) -> float | None:
        """``timeout`` shortened to the time left; raises ``timed_out`` when none is left."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise timed_out("total time exceeded")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, self._deadline.left(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.SyncBackend):
    """Connects within the fetch's deadline; with ``guard``, resolves the host itself and connects
    only when every address is public."""

    def __init__(self, deadline: _Deadline, *, guard: bool) -> None:
        self.deadline = deadline
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self.deadline.left(timeout, httpcore.ConnectTimeout)
        if self.guard:
            stream = self._connect_public(host, port, timeout, local_address, socket_options)
        else:
            stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def _connect_public(
        self,
        host: str,
        port: int,
        timeout: float | None,
        local_address: str | None,
        socket_options: Iterable[Any] | None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as e:
            raise httpcore.ConnectError(
                f"cannot resolve host {host!r} ({getattr(e, 'strerror', e)})"
            ) from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            if not is_public_address(address):
                raise PrivateAddressError(host, address)
        error: Exception = httpcore.ConnectError(f"no address for host {host!r}")
        for address in addresses:
            try:
                # the time left before each address: a host with many addresses, each slow to
                # answer, must not take the timeout once per address
                left = self.deadline.left(timeout, httpcore.ConnectTimeout)
                return super().connect_tcp(address, port, left, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
                if isinstance(e, httpcore.ConnectTimeout) and self.deadline.at is not None \
                        and self.deadline.at <= time.monotonic():
                    break
        raise error


class _Transport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose every TCP connection goes through ``_Backend``.

    httpx offers no public hook for the network backend, so the pool it builds is replaced; the
    assertion makes a future httpx that moves the attribute fail loudly instead of unguarded.
    """

    def __init__(self, backend: _Backend) -> None:
        super().__init__(trust_env=False)
        assert hasattr(self, "_pool"), "httpx internals changed: cannot install the address guard"
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=backend
        )


@dataclass(slots=True)
class _Response:
    url: str
    media_type: str
    charset: str | None
    body: bytes
    fetched: str


class Fetcher:
    """Fetches URLs and feeds for ``iter_pages``; one HTTP client (connection reuse) per batch."""

    def __init__(self, settings: Settings, *, allow_private: bool = False) -> None:
        self.settings = settings
        self._deadline = _Deadline()
        self.client = httpx.Client(
            transport=_Transport(_Backend(self._deadline, guard=not allow_private)),
            timeout=settings.fetch_timeout_s,
            follow_redirects=True,
            max_redirects=settings.fetch_max_redirects,
            trust_env=False,
            # only codings decoded within max_page_bytes (see ``fetch``)
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT,
                     "Accept-Encoding": ", ".join(content_codings())},
        )

    def close(self) -> None:
        self.client.close()

    def pages(self, url: str) -> Iterator[Page | SourceError]:
        """The page at ``url``, or the pages its feed links to."""
        try:
            resp = self.fetch(url)
        except SourceError as e:
            yield e
            return
        if is_feed(resp.media_type, resp.body):
            yield from self._feed_pages(resp)
        else:
            yield response_page(resp, url, kind="url")

    def fetch(self, url: str) -> _Response:
        """GET ``url`` within the settings' limits; raises ``SourceError`` with a one-line reason."""
        cap = self.settings.max_page_bytes
        deadline = time.monotonic() + self.settings.fetch_timeout_s  # a slow drip is cut off too
        self._deadline.at = deadline  # ... and so are slow headers and redirect hops (``_Deadline``)
        try:
            with self.client.stream("GET", url) as resp:
                if resp.status_code != httpx.codes.OK:
                    raise SourceError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise SourceError(url, f"larger than max_page_bytes ({cap} bytes)")
                # the raw stream, decoded here within the cap: httpx's own decoders inflate each
                # network chunk whole (1.6 KB of brotli -> gigabytes) before any cap could apply
                encoding = resp.headers.get("content-encoding")
                try:
                    decoder = ContentDecoder(encoding, cap)
                    body, raw_size = bytearray(), 0
                    for chunk in resp.iter_raw():
                        raw_size += len(chunk)
                        if raw_size > cap:
                            raise BodyTooLarge
                        body += decoder.feed(chunk)
                        if time.monotonic() > deadline:
                            raise httpx.ReadTimeout("total time exceeded")
                    body += decoder.close()
                except BodyTooLarge:
                    raise SourceError(url, f"larger than max_page_bytes ({cap} bytes)") from None
                except CompressionError:
                    raise SourceError(url, f"cannot decode its {encoding.strip().lower() if encoding else ''}"
                                           " content encoding") from None
                content_type = resp.headers.get("content-type", "")
                return _Response(
                    url=str(resp.url),
                    media_type=content_type.split(";")[0].strip().lower(),
                    charset=resp.charset_encoding,
                    body=bytes(body),
                    fetched=datetime.now(UTC).isoformat(timespec="seconds"),
                )
        except PrivateAddressError as e:
            raise SourceError(url, f"refused: {e} (use --allow-private to fetch it)") from None
        except httpx.TimeoutException:
            raise SourceError(url, f"timed out after {self.settings.fetch_timeout_s:g} s") from None
        except httpx.TooManyRedirects:
            raise SourceError(url, f"more than {self.settings.fetch_max_redirects} redirects") from None
        except httpx.ConnectError as e:
            raise SourceError(
                url, f"unreachable ({_ERRNO_RE.sub('', str(e)) or 'connection failed'})"
            ) from None
        except httpx.UnsupportedProtocol as e:
            raise SourceError(url, f"unsupported URL ({e})") from None
        except (httpx.HTTPError, httpx.InvalidURL) as e:
            raise SourceError(url, f"fetch failed ({type(e).__name__}: {e})") from None
        except (UnicodeError, ValueError) as e:  # idna.IDNAError (a malformed host name) is one
            raise SourceError(url, f"invalid URL ({type(e).__name__}: {e})") from None
        finally:
            self._deadline.at = None

    def _feed_pages(self, feed: _Response) -> Iterator[Page | SourceError]:
        parsed = parse_feed(feed.body, feed.url, feed.media_type)
        entries = entries_or_error(parsed, feed.url, self.settings.feed_max_items)
        if isinstance(entries, SourceError):
            yield entries
            return
        seen: set[str] = set()
        failed = 0
        for n, entry in enumerate(entries, 1):
            link = entry_link(entry, feed.url)
            if link is None:
                yield SourceError(f"{feed.url} (entry {n})", "entry has no http(s) link")
                continue
            if link in seen:
                continue
            seen.add(link)
            item: Page | SourceError
            try:
                resp = self.fetch(link)
            except SourceError as e:
                item = e
            else:
                if is_feed(resp.media_type, resp.body):
                    item = SourceError(link, "entry link is itself a feed; not followed")
                else:
                    item = response_page(resp, link, kind="feed")
            if isinstance(item, Page):
                item.published = item.published or entry_date(entry)
                item.title = item.title or entry_title(entry)
            elif (body := entry_body(entry)) is not None:
                # the page is out of reach (blocked, gone), but the feed carries its full text
                # (filed under the feed's own site unless the entry's link is on it: ``entry_page``)
                item = entry_page(entry, body, f"{feed.url}#entry{n}", feed.url)
            failed += isinstance(item, SourceError)
            yield item
        if (why := damage(parsed)) is not None:
            yield damage_error(feed.url, why, len(entries) - failed, len(entries))


def is_feed(media_type: str, body: bytes) -> bool:
    """A feed by media type, or an XML document whose root element is a feed's."""
    if media_type in FEED_MEDIA_TYPES:
        return True
    if media_type in HTML_MEDIA_TYPES or media_type in TEXT_MEDIA_TYPES:
        head = body[:FEED_SNIFF_CHARS].lstrip()
        if not head.startswith((b"<?xml", b"\xef\xbb\xbf<?xml")):
            return False
    return looks_like_feed(body)


def response_page(resp: _Response, requested: str, *, kind: str) -> Page | SourceError:
    """The fetched body as a Page (HTML or plain text), or why it is not one."""
    if not resp.body.strip():
        return SourceError(requested, "empty response body")
    why = sniff_binary(resp.body)
    if why:
        return SourceError(requested, f"{why} (content type {resp.media_type or 'unknown'})")
    if resp.media_type in TEXT_MEDIA_TYPES:
        text = decode_text(resp.body, resp.charset, html=False)
        if not looks_like_html(text):
            title, body = split_title(text)
            return Page(
                origin=requested, url=resp.url, title=title, text=body, fetched=resp.fetched, kind=kind
            )
    text = decode_text(resp.body, resp.charset, html=True)
    if resp.media_type not in HTML_MEDIA_TYPES and not looks_like_html(text):
        return SourceError(requested, f"unsupported content type {resp.media_type or 'unknown'}")
    return Page(origin=requested, url=resp.url, html=text, fetched=resp.fetched, kind=kind)
