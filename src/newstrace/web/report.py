"""``newstrace report``: one self-contained HTML file an editor can open offline.

The file holds the trace of each given article: verdict, origin, chain with dates and evidence,
the side-by-side text with word changes highlighted, altered quotes and numbers, and copies.
It has its CSS inline, charts as inline SVG, no script and no external request; its own
``Content-Security-Policy`` (``default-src 'none'``) forbids both, should anything slip through.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import NewstraceError
from ..pipeline import Corpus, Trace
from . import queries, svg
from .app import make_env
from .views import trace_view

STATIC = Path(__file__).parent / "static"


def report_css() -> str:
    css = (
        (STATIC / "style.css").read_text(encoding="utf-8")
        + "\n"
        + (STATIC / "report.css").read_text(encoding="utf-8")
    )
    return css.replace("</", "<\\/")  # cannot close the <style> element


def render_report(
    traces: Sequence[Trace], corpus: Corpus, *, title: str | None = None, generated: datetime | None = None
) -> str:
    """The report's HTML for these traces (computed with ``corpus.trace``)."""
    items: list[dict[str, Any]] = []
    for tr in traces:
        metas = queries.article_meta(corpus.store, [e.copy_id for e in tr.copies if e.copy_id is not None])
        aid = tr.article.id
        reach = queries.reach(corpus.store, aid) if tr.copies and aid is not None else None
        t = trace_view(tr, metas, reach)
        line = svg.dateline([(p["site"] or "?", p["published"]) for p in t["path"]])
        items.append({"t": t, "dateline": Markup(line)})
    if title is None:
        copies = sum(1 for it in items if not it["t"]["is_origin"])
        title = f"Where {'this article' if len(items) == 1 else 'these articles'} came from"
        if copies:
            title += (
                f": {copies} cop{'ies' if copies != 1 else 'y'} traced to {'its' if copies == 1 else 'their'}"
            )
            title += " origin"
    stats = corpus.store.stats()
    env = make_env()
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return env.get_template("report.html").render(
        title=title,
        items=items,
        generated=when,
        db_name=Path(corpus.store.path).name,
        corpus={"articles": stats["articles"], "sites": stats["sites"]},
        css=Markup(report_css()),
        offline=True,
    )


def write_report(
    corpus: Corpus,
    refs: Sequence[str],
    out: Path,
    *,
    title: str | None = None,
    on_error: Callable[[str], None] | None = None,
) -> Path:
    """Trace every reference (id, URL or path, as ``newstrace trace``) and write the report to ``out``
    (atomically: a temporary file renamed into place).

    With ``on_error``, a reference that cannot be traced is passed to it as a one-line message and
    left out; the report is written when at least one was traced (else the first error is raised).
    Without it, the first error is raised."""
    traces = []
    first: NewstraceError | None = None
    for ref in refs:
        try:
            traces.append(corpus.trace(ref))
        except NewstraceError as e:
            if on_error is None:
                raise
            first = first or e
            on_error(str(e))
    if not traces and first is not None:
        raise first
    html = render_report(traces, corpus, title=title)
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
