"""The web UI: server-rendered pages and the JSON API behind each of them.

``create_app(db_path, settings)`` returns a FastAPI application over one newstrace database.
Pages (Jinja2, autoescape on, no JavaScript needed) and their API twins:

=======================  ===========================  =============================================
page                     API                          what
=======================  ===========================  =============================================
``/``                    ``/api/overview``            counts, latest copies, top copiers, timeline
``/search``              ``/api/search``              FTS5 search with site/date/relation/language
``/article/{id}``        ``/api/articles/{id}``       provenance chain, copies, side by side
``/sites``               ``/api/sites``               every site with its copy counts
``/site/{name}``         ``/api/sites/{name}``        share of copies, origins, lag, labels
``/network``             ``/api/network``             sites and weighted directed copy edges
``/trace`` (form, POST)  ``/api/trace`` (POST)        trace a URL, an uploaded page or pasted text
``/api``                 ``/api/openapi.json``        the API's documentation
=======================  ===========================  =============================================

The database is opened once per worker thread (SQLite connections are not shared) and only read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import anyio.to_thread
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from .. import __version__ as VERSION
from ..errors import NewstraceError, StoreError, UsageError
from ..model import Article, credit_words
from ..outlets import known as known_outlets
from ..pipeline import Corpus, Trace
from ..settings import Settings
from . import intake, queries, schemas, svg
from .security import HeadAsGet, SecurityHeaders
from .views import alteration_view, article_view, clip, relation_label, safe_href, trace_view

HERE = Path(__file__).parent
MAX_UPLOAD_BYTES = 5_000_000
"""Largest HTML file the trace form accepts (the request body may add 64 KiB of form overhead)."""
MAX_TEXT_BYTES = 1_000_000
"""Largest pasted text (or URL) the trace form accepts."""
WORKER_THREADS = 4
"""Requests handled at once (the rest wait in line). Pages are CPU-bound Python; more threads only
fight over the interpreter lock, and latency under a burst grows for everyone."""


class _Corpora:
    """One ``Corpus`` (one SQLite connection) per worker thread."""

    def __init__(self, db_path: Path, settings: Settings) -> None:
        self.db_path, self.settings = db_path, settings
        self._local = threading.local()
        self._all: list[Corpus] = []
        self._lock = threading.Lock()

    def get(self) -> Corpus:
        corpus: Corpus | None = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = Corpus(self.db_path, self.settings)
            self._local.corpus = corpus
            with self._lock:
                self._all.append(corpus)
        return corpus

    def close(self) -> None:
        with self._lock:
            for c in self._all:
                c.close()
            self._all.clear()


def site_path(site: object) -> str:
    """The site page's path for a site name (any characters, percent-encoded)."""
    return "/site/" + quote(str(site), safe="")


def network_href(site: str) -> str:
    """A network node's link: its site page, none for articles without a site."""
    return "" if site == queries.UNKNOWN_SITE else site_path(site)


def _pct(x: object) -> str:
    try:
        return f"{100 * float(x):.0f} %"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def make_env() -> Environment:
    """The Jinja2 environment of the pages and the report (autoescape on for every template)."""
    env = Environment(
        loader=PackageLoader("newstrace.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        safe_href=safe_href,
        clip=clip,
        site_path=site_path,
        network_href=network_href,
        pct=_pct,
        pathq=lambda s: quote(str(s), safe=""),
        relation_label=relation_label,
        day=lambda s: str(s)[:10] if s else "",
    )
    env.globals.update(version=VERSION, relation_label=relation_label, credit_text=credit_words)
    return env


def create_app(
    db_path: str | Path,
    settings: Settings | None = None,
    *,
    trusted_hosts: list[str] | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    worker_threads: int | None = WORKER_THREADS,
) -> FastAPI:
    """The web application over the database at ``db_path`` (which must exist).

    ``trusted_hosts``: accepted ``Host`` headers (``None``: any; ``newstrace serve`` passes the
    loopback names when bound to loopback). ``max_upload_bytes``: largest uploaded HTML file."""
    db = Path(db_path)
    if not db.is_file():
        raise StoreError(f"{db}: no such database")
    settings = settings or Settings()
    corpora = _Corpora(db, settings)
    outlets = known_outlets(settings.outlets_file)
    corpora.get()  # open (and migrate) once now, so that a bad file fails at start-up
    env = make_env()
    app = FastAPI(
        title="newstrace",
        version=VERSION,
        description="Where news articles were copied from: the JSON API behind the newstrace web UI.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        # Parts may be as large as the body: read_input's own limits then answer with the form.
        form_limits={"max_fields": 8, "max_files": 1, "max_part_size": max_upload_bytes + 65_536},
    )
    app.state.corpora = corpora
    # Inside SecurityHeaders (added last, so outermost): its 413 carries the headers too.
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=max_upload_bytes + 65_536)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders, trusted_hosts=trusted_hosts)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.router.add_event_handler("shutdown", corpora.close)
    if worker_threads:

        def limit_threads() -> None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = worker_threads

        app.router.add_event_handler("startup", limit_threads)

    def render(request: Request, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("active", "")
        html = env.get_template(name).render(
            request=request, nonce=request.state.nonce, db_name=db.name, **ctx
        )
        return HTMLResponse(html, status_code=code)

    def store() -> Any:
        return corpora.get().store

    traces = TraceCache()

    def load_trace(article_id: int) -> tuple[Trace, dict[str, Any]]:
        """The stored article's trace and the view the templates show (404 when unknown)."""
        st = store()
        if not 0 < article_id < 2**63 or not st.conn.execute(
            "SELECT 1 FROM articles WHERE id=?", (article_id,)
        ).fetchone():  # (an id past SQLite's integers cannot be bound: it is no article either)
            raise HTTPException(404, f"No article with id {article_id}")
        return traces.get(article_id, db, lambda: build_trace(article_id))

    def build_trace(article_id: int) -> tuple[Trace, dict[str, Any]]:
        st = store()
        tr = corpora.get().trace(str(article_id))
        metas = queries.article_meta(st, [e.copy_id for e in tr.copies if e.copy_id is not None])
        view = trace_view(tr, metas, queries.reach(st, article_id) if tr.copies else None)
        view["superseded_by"] = queries.newer_version(st, article_id)
        return tr, view

    # --- errors -------------------------------------------------------------------------------
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api") and request.url.path != "/api":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", exc.status_code, status=exc.status_code, message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        return render(
            request,
            "error.html",
            422,
            status=422,
            message="The request is not valid: "
            + "; ".join(
                f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
            ),
        )

    # --- pages --------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> HTMLResponse:
        data = queries.overview(store())
        return render(
            request,
            "overview.html",
            active="overview",
            o=data,
            timeline=Markup(svg.timeline(data["timeline"], width=1150, height=200)),
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: str = "",
        site: str = "",
        date_from: str = "",
        date_to: str = "",
        relation: str = "",
        lang: str = "",
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        st = store()
        error, code = None, 200
        try:
            res = queries.search(
                st,
                q,
                site=site or None,
                date_from=date_from or None,
                date_to=date_to or None,
                relation=relation or None,
                lang=lang or None,
                page=page,
            )
        except UsageError as e:
            error, code = str(e), 422
            res = {"query": q, "total": 0, "page": page, "per_page": 20, "results": [], "note": None}
        params = {
            k: v
            for k, v in dict(
                q=q, site=site, date_from=date_from, date_to=date_to, relation=relation, lang=lang
            ).items()
            if v
        }
        pages = {
            "prev": urlencode({**params, "page": page - 1}) if page > 1 else None,
            "next": urlencode({**params, "page": page + 1})
            if page * res["per_page"] < res["total"]
            else None,
        }
        for r in res["results"]:
            r["view"] = article_view(r)
            r["snippet_parts"] = snippet_parts(r["snippet"])
        return render(
            request,
            "search.html",
            code,
            active="search",
            res=res,
            f=params,
            pages=pages,
            facets=queries.facets(st),
            error=error,
            api="/api/search?" + urlencode({**params, "page": page} if page > 1 else params),
        )

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        _tr, view = load_trace(article_id)
        return render(
            request,
            "article.html",
            t=view,
            dateline=Markup(svg.dateline([(p["site"] or "?", p["published"]) for p in view["path"]])),
        )

    @app.get("/sites", response_class=HTMLResponse, include_in_schema=False)
    def sites_page(request: Request, sort: str = "articles") -> HTMLResponse:
        sort = sort if sort in queries.SITE_SORTS else "articles"
        return render(request, "sites.html", active="sites", sort=sort,
                      sites=queries.sites(store(), outlets=outlets, sort=sort, labels=True))

    @app.get("/site/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def site_page(request: Request, name: str) -> HTMLResponse:
        prof = queries.site_profile(store(), name, outlets=outlets)
        if prof is None:
            raise HTTPException(404, "No articles from this site")
        for r in prof["recent"] + prof["origins"]:
            r["view"] = article_view(r)
        altered = [
            dict(alteration_view(x), in_article=article_view({"id": x["copy_id"], "title": x["copy_title"]}))
            for x in prof["alterations"]["examples"]
        ]
        return render(
            request,
            "site.html",
            altered=altered,
            active="sites",
            p=prof,
            histogram=Markup(svg.histogram(prof["lag_histogram"])),
            timeline=Markup(svg.timeline(prof["timeline"], height=150)),
        )

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request) -> HTMLResponse:
        net = queries.network(store(), outlets=outlets)
        return render(
            request,
            "network.html",
            active="network",
            net=net,
            chart=Markup(svg.network(net["nodes"], net["edges"], network_href)),
        )

    @app.get("/trace", response_class=HTMLResponse, include_in_schema=False)
    def trace_form(request: Request) -> HTMLResponse:
        return render(request, "trace_form.html", active="trace", limit=max_upload_bytes)

    @app.post("/trace", response_class=HTMLResponse, include_in_schema=False)
    def trace_submit(
        request: Request,
        mode: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        text: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        try:
            if mode == "url" and url.strip():
                hit = store().find(url.strip())
                if hit is not None and hit.id is not None:
                    return RedirectResponse(f"/article/{hit.id}", status_code=303)
            art = read_input(mode, url, text, file)
            tr = corpora.get().trace_article(art)
        except NewstraceError as e:
            status = e.status if isinstance(e, intake.IntakeError) else 422
            return render(
                request,
                "trace_form.html",
                status,
                active="trace",
                limit=max_upload_bytes,
                error=str(e),
                mode=mode,
                url=clip(url, 2000),
                text=text[:200_000],  # what was pasted comes back (escaped), not lost to the error
            )
        view = trace_view(tr)
        return render(
            request,
            "article.html",
            active="trace",
            t=view,
            dateline=Markup(svg.dateline([(p["site"] or "?", p["published"]) for p in view["path"]])),
        )

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        spec = app.openapi()
        routes = [
            {
                "method": m.upper(),
                "path": p,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "params": [
                    {
                        "name": x["name"],
                        "in": x["in"],
                        "required": x.get("required", False),
                        "description": x.get("description", ""),
                    }
                    for x in op.get("parameters", [])
                ],
            }
            for p, ops in spec["paths"].items()
            for m, op in ops.items()
        ]
        return render(request, "api.html", active="api", routes=routes)

    def read_input(mode: str, url: str, text: str, file: UploadFile | None) -> Article:
        if mode == "url":
            return intake.from_url(url.strip(), settings)
        if mode == "file":
            if file is None or not file.filename:
                raise intake.IntakeError("choose an HTML file to upload", 422)
            data = file.file.read(max_upload_bytes + 1)
            if len(data) > max_upload_bytes:
                raise intake.IntakeError(f"the file is larger than {max_upload_bytes // 1_000_000} MB", 413)
            return intake.from_html(data, file.filename, settings)
        if mode == "text":
            if len(text.encode("utf-8", "replace")) > MAX_TEXT_BYTES:
                raise intake.IntakeError("the pasted text is larger than 1 MB", 413)
            return intake.from_text(text, settings)
        raise intake.IntakeError("choose a URL, a file or a text to trace", 422)

    # --- API ----------------------------------------------------------------------------------
    @app.get("/api/health", response_model=schemas.Health, tags=["meta"], summary="Is the server up")
    def api_health() -> dict[str, Any]:
        return {"ok": True, "articles": store().count()}

    @app.get(
        "/api/overview",
        response_model=schemas.Overview,
        tags=["corpus"],
        summary="Counts, latest copies, top copiers, most-copied origins, copies per day",
    )
    def api_overview() -> dict[str, Any]:
        return queries.overview(store())

    @app.get(
        "/api/search",
        response_model=schemas.SearchResult,
        tags=["corpus"],
        summary="Full-text search over titles and text (SQLite FTS5) with filters",
    )
    def api_search(
        q: Annotated[
            str,
            Query(description='Words or "quoted phrases"; all must match. word* = prefix.', max_length=500),
        ] = "",
        site: Annotated[str | None, Query(description="Exact site name.")] = None,
        date_from: Annotated[str | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
        date_to: Annotated[str | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
        relation: Annotated[
            str | None,
            Query(
                description="copy, origin, same_story or a copy relation: " + ", ".join(queries.COPY_VALUES)
            ),
        ] = None,
        lang: Annotated[str | None, Query(description="Language code, e.g. en.")] = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> dict[str, Any]:
        try:
            return queries.search(
                store(),
                q,
                site=site,
                date_from=date_from,
                date_to=date_to,
                relation=relation,
                lang=lang,
                page=page,
                per_page=per_page,
            )
        except UsageError as e:
            raise HTTPException(422, str(e)) from None

    @app.get(
        "/api/facets", response_model=schemas.Facets, tags=["corpus"], summary="Values for the search filters"
    )
    def api_facets() -> dict[str, Any]:
        return queries.facets(store())

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        summary="One article: its trace (origin, chain, alignment, alterations) and copies",
        description="`trace` has the shape of `newstrace trace --json` (see the README, JSON shapes). "
        "`same_story` lists independent coverage of the same event on other sites (not copies); "
        "`same_site` the same site's related articles: the page under another address (AMP, print) "
        "or another of its articles on the story, which may reuse its text (no copies).",
    )
    def api_article(
        article_id: int, with_text: Annotated[bool, Query(description="Include the body.")] = False
    ) -> dict[str, Any]:
        tr, view = load_trace(article_id)
        out: dict[str, Any] = {
            "article": tr.article.to_json(with_text=with_text),
            "trace": tr.to_json(),
            "same_story": [
                {"id": s["id"], "site": s["site_key"], "title": s["title"]} for s in view["same_story"]
            ],
            "same_site": [
                {"id": s["id"], "site": s["site_key"], "title": s["title"]} for s in view["same_site"]
            ],
            "superseded_by": view["superseded_by"],
        }
        return out

    @app.get(
        "/api/sites",
        response_model=list[schemas.SiteSummary],
        tags=["sites"],
        summary="Every site with its articles, copies and copies made of it",
    )
    def api_sites(
        sort: Annotated[str, Query(
            pattern="^(" + "|".join(queries.SITE_SORTS) + ")$",
            description="Most first by: " + ", ".join(queries.SITE_SORTS),
        )] = "articles",
    ) -> list[dict[str, Any]]:
        return queries.sites(store(), outlets=outlets, sort=sort, labels=True)

    @app.get(
        "/api/sites/{name:path}",
        response_model=schemas.SiteProfile,
        tags=["sites"],
        summary="One site: share of copies, source sites, lag histogram, labels",
    )
    def api_site(name: str) -> dict[str, Any]:
        prof = queries.site_profile(store(), name, outlets=outlets)
        if prof is None:
            raise HTTPException(404, "No articles from this site")
        return prof

    @app.get(
        "/api/network",
        response_model=schemas.Network,
        tags=["sites"],
        summary="Sites as nodes, copy relations as weighted directed edges (source -> copier)",
    )
    def api_network(max_nodes: Annotated[int, Query(ge=1, le=500)] = 60) -> dict[str, Any]:
        return queries.network(store(), max_nodes, outlets)

    @app.post(
        "/api/trace",
        tags=["articles"],
        summary="Trace a URL, an uploaded HTML page or pasted text against the corpus",
        description="Form fields: `mode` (url, file or text) and `url`, `file` or `text`. Nothing is "
        "stored. URLs on private, loopback or link-local addresses are refused. "
        f"Uploads up to {max_upload_bytes} bytes, text up to {MAX_TEXT_BYTES} bytes.",
    )
    def api_trace(
        mode: Annotated[str, Form()],
        url: Annotated[str, Form()] = "",
        text: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
    ) -> dict[str, Any]:
        try:
            art = read_input(mode, url, text, file)
            return corpora.get().trace_article(art).to_json()
        except intake.IntakeError as e:
            raise HTTPException(e.status, str(e)) from None
        except NewstraceError as e:
            raise HTTPException(422, str(e)) from None

    return app


class TraceCache:
    """Recent article traces, keyed by article id and the database file's state.

    A trace re-aligns the chain and re-reads quotes (a few hundred milliseconds); pages and the API
    ask for the same few articles again and again. Any write to the database (its file or its WAL
    changes) invalidates the cache. One trace is computed at a time, so that a burst of requests for
    one article computes it once."""

    def __init__(self, size: int = 128, max_text: int = 1_000_000) -> None:
        self.size, self.max_text = size, max_text
        self._items: OrderedDict[tuple[Any, ...], tuple[Trace, dict[str, Any]]] = OrderedDict()
        self._compute = threading.Lock()
        self._lock = threading.Lock()

    @staticmethod
    def _state(db: Path) -> tuple[int, ...]:
        out: list[int] = []
        for p in (db, db.with_name(db.name + "-wal")):
            try:
                st = p.stat()
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def get(
        self, article_id: int, db: Path, build: Callable[[], tuple[Trace, dict[str, Any]]]
    ) -> tuple[Trace, dict[str, Any]]:
        key = (article_id, *self._state(db))
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        with self._compute:
            with self._lock:
                hit = self._items.get(key)
            if hit is not None:
                return hit
            value = build()
        if len(value[0].article.text) <= self.max_text:
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value


def snippet_parts(snippet: str) -> list[tuple[bool, str]]:
    """Split an FTS5 snippet at the match markers: [(is_match, text)] (text is escaped later)."""
    out: list[tuple[bool, str]] = []
    for i, chunk in enumerate(snippet.split(queries.SNIPPET_OPEN)):
        if i == 0:
            out.append((False, chunk))
            continue
        hit, _, rest = chunk.partition(queries.SNIPPET_CLOSE)
        out.append((True, hit))
        out.append((False, rest))
    return [(m, clip(t, 400)) for m, t in out if t]


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
