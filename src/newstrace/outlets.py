"""Known outlets: which sites are state media, so that a trace can say whose article was laundered.

The built-in list (``newstrace/data/outlets.toml``) names outlets owned or editorially controlled by
a state (RT, TASS, Xinhua, Press TV ...); public-service broadcasters with editorial independence
are not on it. A researcher's own list (the setting ``outlets_file``, same format) is added to it,
and a domain listed there takes its entry from there, so a wrong or missing entry is fixed without
editing the package.

:meth:`Outlets.of` matches a site, host or URL by its host and every parent domain
(``francais.rt.com`` -> ``rt.com``), so an outlet's language editions need no entries of their own.
Matching is by domain only: a site that republishes state media under another domain is found by
what it copies (the site label "relays state media"), not by this list.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import UsageError
from .text import PAGE_TITLE_MARK, TITLE_SEPARATOR_RE

KINDS = ("state media", "state-affiliated")
"""``state media``: owned or controlled by a state, its government or ruling party;
``state-affiliated``: controlled through an affiliated body (for instance an armed force)."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """One known outlet: its name, country, domains, kind (see :data:`KINDS`), a short note, and the
    other names it goes by (``names``: "RT World News", "Russia Today")."""

    name: str
    country: str
    domains: tuple[str, ...]
    kind: str = "state media"
    note: str = ""
    names: tuple[str, ...] = ()

    def label(self) -> str:
        """Short text for a reader: "RT, Russia: state media"."""
        return f"{self.name}, {self.country}: {self.kind}"

    def to_json(self) -> dict[str, Any]:
        """The outlet with its ``label``, so that every view words it alike."""
        return {"name": self.name, "country": self.country, "kind": self.kind, "note": self.note,
                "domains": list(self.domains), "names": list(self.names), "label": self.label()}


_URL_RE = re.compile(r"https?://[^\s<>\"']+")


def _host(site_or_url: str) -> str:
    """The lower-case host of a site, host or URL ("" when there is none). Never raises: sites and
    credit links come from hostile pages ("https://[bad")."""
    s = site_or_url.strip().lower()
    if "//" in s:
        try:
            s = urlsplit(s).hostname or ""
        except ValueError:
            return ""
    else:
        s = s.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    return s.strip(".")


class Outlets:
    """Domain -> :class:`Outlet` look-ups (later entries override earlier ones for a domain)."""

    def __init__(self, outlets: Iterable[Outlet] = ()) -> None:
        self._by_domain: dict[str, Outlet] = {}
        self._by_name: dict[str, Outlet] = {}
        for o in outlets:
            for d in o.domains:
                self._by_domain[_host(d)] = o
            for n in (o.name, *o.names):
                self._by_name[n.casefold()] = o

    def all(self) -> list[Outlet]:
        """Every outlet once, by country then name."""
        return sorted(set(self._by_domain.values()), key=lambda o: (o.country, o.name))

    def of(self, site_or_url: str | None) -> Outlet | None:
        """The outlet a site (``rt.com``), host (``francais.rt.com``) or URL belongs to, or None."""
        if not site_or_url:
            return None
        parts = _host(site_or_url).split(".")
        for i in range(len(parts) - 1):
            hit = self._by_domain.get(".".join(parts[i:]))
            if hit is not None:
                return hit
        return None

    def name_of(self, site_or_url: str | None) -> str | None:
        """The name of the outlet ``site_or_url`` belongs to, or None (for tables and exports)."""
        o = self.of(site_or_url)
        return o.name if o is not None else None

    def named(self, name: str) -> Outlet | None:
        """The outlet that goes by ``name`` ("RT World News", "Xinhua"; any case), or None."""
        return self._by_name.get(name.strip().casefold())

    def credited(self, title: str | None, trimmed: Iterable[str] = (), own_site: str | None = None
                 ) -> list[tuple[Outlet, str]]:
        """Known outlets an article names as its source, with how: its title, or its page's own title
        kept with the trimmed lines (``Page title: ...``, see ``extract``), ends in an outlet's name
        (a copy that kept "... — RT World News"), or a credit line kept from its page links to an
        outlet's domain ("Source link: https://www.rt.com/..."). An outlet the article's own site
        belongs to is no credit."""
        own = self.of(own_site)
        out: list[tuple[Outlet, str]] = []

        def add(o: Outlet | None, how: str) -> None:
            if o is not None and o is not own and all(o is not x for x, _ in out):
                out.append((o, how))

        def by_title(text: str, where: str) -> None:
            parts = TITLE_SEPARATOR_RE.split(text.strip())
            if len(parts) > 1:
                tail = parts[-1].strip()
                add(self.named(tail), f"{where} ends with “{tail}”")

        by_title(title or "", "its title")
        for line in trimmed:
            if line.startswith(PAGE_TITLE_MARK):  # the page's own title, when the headline lost its end
                by_title(line[len(PAGE_TITLE_MARK):], "its page title")
                continue
            for url in _URL_RE.findall(line):
                add(self.of(url), f"its page credits {url[:200]}")
        return out

    def of_sites(self, sites: Iterable[str | None]) -> dict[str, dict[str, Any]]:
        """``{site: outlet JSON}`` for the sites that are known outlets (for JSON answers)."""
        out: dict[str, dict[str, Any]] = {}
        for s in sites:
            if s and s not in out and (o := self.of(s)) is not None:
                out[s] = o.to_json()
        return out


def parse_outlets(text: str, origin: str) -> list[Outlet]:
    """The ``[[outlet]]`` tables of a TOML text; ``origin`` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{origin}: not valid TOML: {e}") from None
    out = []
    for i, t in enumerate(data.get("outlet", [])):
        where = f"{origin}: outlet {i + 1}"
        if not isinstance(t, dict):
            raise UsageError(f"{where}: expected a table")
        name, country, domains = t.get("name"), t.get("country", ""), t.get("domains")
        if not isinstance(name, str) or not name.strip():
            raise UsageError(f"{where}: 'name' is missing")
        if not isinstance(domains, list) or not domains or not all(isinstance(d, str) and d for d in domains):
            raise UsageError(f"{where} ({name}): 'domains' must be a non-empty list of domains")
        names = t.get("names", [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise UsageError(f"{where} ({name}): 'names' must be a list of names")
        kind = t.get("kind", "state media")
        if kind not in KINDS:
            raise UsageError(f"{where} ({name}): kind {kind!r} is not one of {', '.join(KINDS)}")
        out.append(Outlet(name=name.strip(), country=str(country).strip(),
                          domains=tuple(_host(d) for d in domains), kind=kind, note=str(t.get("note", "")),
                          names=tuple(n.strip() for n in names)))
    return out


def builtin() -> list[Outlet]:
    """The list shipped with newstrace."""
    text = resources.files("newstrace").joinpath("data/outlets.toml").read_text(encoding="utf-8")
    return parse_outlets(text, "newstrace/data/outlets.toml")


def known(outlets_file: str = "") -> Outlets:
    """The built-in list plus the entries of ``outlets_file`` (the setting of that name; "" for
    none). A file that cannot be read or parsed raises :class:`UsageError` naming it. Read once
    per process, a broken file included: ingest asks for the list on every page."""
    got = _load(outlets_file)
    if isinstance(got, UsageError):
        raise UsageError(str(got))
    return got


@functools.lru_cache(maxsize=8)
def _load(outlets_file: str) -> Outlets | UsageError:
    extra: list[Outlet] = []
    if outlets_file:
        try:
            text = Path(outlets_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            return UsageError(f"{outlets_file}: cannot read the outlets file: {e}")
        try:
            extra = parse_outlets(text, outlets_file)
        except UsageError as e:
            return e
    return Outlets([*builtin(), *extra])
