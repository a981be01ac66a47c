"""Extraction in worker processes, with the results handed back in input order.

Extraction (two trafilatura passes, metadata, language) is most of an ingest's time and each page
is independent, so ``Corpus.ingest`` can spread it over processes. The rest of ingest stays in the
calling process and sees the pages' outcomes in the order the pages were read, so that a parallel
ingest stores the same articles under the same ids as a sequential one, in the same transactions.

- The first ``INLINE_PAGES`` pages are extracted in the calling process: a small input (one page,
  a folder of ten) never pays for starting workers.
- A worker returns an outcome, never raises: ``("ok", Article)``, ``("skip", message)`` for a page
  that holds no article, ``("fail", message)`` for one whose extraction failed.
- A page that kills its worker (a crash in a C library on a hostile page) breaks the pool: the pages
  that were in it are extracted again one at a time, each in a fresh process, so that the one that
  crashes is named in a "worker process died" failure and the others are stored as usual.
- Workers ignore Ctrl-C (the calling process handles it) and exit when the calling process is gone
  (killed), so that a killed ingest leaves no processes behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .errors import ExtractError
from .model import Article, Page
from .settings import Settings

Outcome = tuple[str, Any]
"""``("ok", Article)``, ``("skip", message)`` or ``("fail", message)``."""

ExtractFn = Callable[[Page, Settings], Outcome]

INLINE_PAGES = 16
"""Pages extracted in the calling process before any worker is started."""
MAX_DEFAULT_WORKERS = 8
"""The default number of workers is one per usable CPU, at most this many."""
READ_AHEAD_PER_WORKER = 4
"""Pages handed out per worker before the oldest outcome is waited for (bounds memory)."""


def extract_outcome(page: Page, settings: Settings) -> Outcome:
    """Extract one page; the outcome says what happened (never raises for a bad page)."""
    from .extract import extract_page

    try:
        article: Article = extract_page(page, settings)
    except ExtractError as e:
        return ("skip", str(e))
    except Exception as e:  # noqa: BLE001 - one hostile page must not stop the batch
        return ("fail", f"{page.origin}: extraction failed: {type(e).__name__}: {e}")
    return ("ok", article)


def default_workers() -> int:
    """One worker per CPU this process may use, at most ``MAX_DEFAULT_WORKERS``."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_DEFAULT_WORKERS))


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:  # the calling process is gone (killed): nothing will read us
            os._exit(0)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when its parent dies (a thread watching for it
    cannot run while a page holds the interpreter: a long regular expression, lxml)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the watching thread does it


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _die_with_parent()
        if os.getppid() != parent:  # (the parent died before the request was made)
            os._exit(0)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


@dataclass(slots=True)
class Pending:
    """A page handed out: its outcome already (inline) or a future of a pool."""

    page: Page
    outcome: Outcome | None = None
    future: Future[Outcome] | None = None
    pool: ProcessPoolExecutor | None = None


class Extractor:
    """Extracts pages inline or in ``workers`` processes; ``result`` returns outcomes in any order
    asked (``Corpus.ingest`` asks in input order)."""

    def __init__(self, settings: Settings, workers: int = 1, *, fn: ExtractFn = extract_outcome,
                 inline_pages: int = INLINE_PAGES) -> None:
        self.settings, self.workers, self.fn, self.inline_pages = settings, max(1, workers), fn, inline_pages
        self.submitted = 0
        self._pool: ProcessPoolExecutor | None = None
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a process holding a database

    @property
    def window(self) -> int:
        """How many pages may be out before the oldest outcome is waited for."""
        return READ_AHEAD_PER_WORKER * self.workers if self._pool is not None else 0

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=self._ctx, initializer=_worker_init,
                                   initargs=(os.getpid(),))

    def submit(self, page: Page) -> Pending:
        self.submitted += 1
        if self.workers == 1 or self.submitted <= self.inline_pages:
            return Pending(page, outcome=self.fn(page, self.settings))
        for _ in range(2):
            try:
                if self._pool is None:
                    self._pool = self._new_pool(self.workers)
                return Pending(page, future=self._pool.submit(self.fn, page, self.settings), pool=self._pool)
            except BrokenProcessPool:  # broken by an earlier page: a fresh pool for this one
                self._drop_pool(self._pool)
            except (OSError, NotImplementedError):  # no processes here (a locked-down container)
                self._drop_pool(self._pool)
                self.workers = 1
                return Pending(page, outcome=self.fn(page, self.settings))
        return Pending(page, outcome=self._isolated(page))

    @staticmethod
    def ready(p: Pending) -> bool:
        return p.outcome is not None or (p.future is not None and p.future.done())

    def result(self, p: Pending) -> Outcome:
        if p.outcome is not None:
            return p.outcome
        assert p.future is not None
        try:
            return p.future.result()
        except BrokenProcessPool:
            if p.pool is self._pool:
                self._drop_pool(p.pool)
            return self._isolated(p.page)

    def _isolated(self, page: Page) -> Outcome:
        """Extract one page alone in a fresh process: a crash then names this page."""
        pool = self._new_pool(1)
        try:
            return pool.submit(self.fn, page, self.settings).result()
        except BrokenProcessPool:
            return ("fail", f"{page.origin}: extraction failed: the worker process died "
                            "(a crash while reading this page)")
        finally:
            pool.shutdown(wait=True)

    def _drop_pool(self, pool: ProcessPoolExecutor | None) -> None:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if pool is self._pool:
            self._pool = None

    def close(self, *, wait: bool = True) -> None:
        """Shut the workers down: after the last outcome (``wait``), or at once when the ingest
        stops early (Ctrl-C, an error): workers ignore Ctrl-C and would finish their page first,
        which can take long on a hostile page, so they are killed."""
        if self._pool is not None:
            if not wait:
                for proc in list(getattr(self._pool, "_processes", {}).values()):
                    proc.kill()
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None
