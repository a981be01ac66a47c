"""newstrace: trace where a news article came from.

The Python API mirrors the command line::

    import newstrace
    article = newstrace.extract("page.html")        # newstrace extract page.html
    with newstrace.Corpus("news.db") as corpus:      # --db news.db
        corpus.ingest(["pages/"])                    # newstrace ingest pages/
        corpus.link()                                # newstrace link
        trace = corpus.trace("https://...")          # newstrace trace URL
    edges = newstrace.link_records(records)          # newstrace link FILE.jsonl --out EDGES.jsonl
"""

from __future__ import annotations

# Imported first, so that the ``extract`` function below (not the submodule of the same name) is
# what ``newstrace.extract`` names: Python binds a submodule to its package only on first import.
from . import extract as _extract_module  # noqa: F401
from .errors import NewstraceError
from .model import Article, Edge, Relation
from .pipeline import Corpus, Trace, link_records
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Corpus",
    "Edge",
    "NewstraceError",
    "Relation",
    "Settings",
    "Trace",
    "extract",
    "link_records",
]


def extract(source: str, settings: Settings | None = None, *, allow_private: bool = False) -> Article:
    """The article in a page, text file or URL, without storing it (``newstrace extract``).

    Raises ``NewstraceError`` (a ``SourceError`` or ``ExtractError``) with a one-line reason.
    """
    from .extract import extract_page
    from .sources import iter_pages

    settings = settings or Settings()
    for item in iter_pages([source], settings, allow_private=allow_private):
        if isinstance(item, NewstraceError):
            raise item
        return extract_page(item, settings)
    raise NewstraceError(f"{source}: nothing to extract")
