"""Benchmark: how `link` scales with corpus size (articles per second and peak memory).

The corpus is built from a reuse-format development set (``newstrace eval make-reuse-set``):
replica ``k`` of the set replaces most of its vocabulary with replica-specific pseudo-words and
permutes its function words and digits, so replicas are distinct stories with realistic document
frequencies — common words stay shared across the whole corpus, rare words are rare — while the
copy relations inside each replica are kept. ``quality`` checks that linking stays right as the
corpus grows: copies found in their own lineage, and edges that join different replicas (false
links).

The figures are reported as ratios against the smallest size, run in the same process:
a per-article cost ratio near 1 means linking stays linear overall (sub-linear per look-up).

    .venv/bin/python bench/link.py build/reuse-dev.jsonl --sizes 1000,10000 [--store]

Writes build/bench/link.json with the figures, the baseline and the exact command.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newstrace.model import Article
from newstrace.pipeline import Corpus, link_articles, records_to_articles
from newstrace.settings import Settings, load_settings
from newstrace.text import STOPWORDS, content_hash

COPY_RELATIONS = ("verbatim_copy", "spun_copy", "partial_copy", "translation")

RENAME_SHARE = 0.8
"""Share of a replica's distinct content words replaced by a replica-specific pseudo-word. Two
replicas of one story share about (1 - RENAME_SHARE)² of its content words (4 %): the level of two
unrelated stories on one topic, not of a copy."""

_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def _pseudo(word: str, k: int) -> str:
    """A pronounceable stand-in for ``word`` in replica ``k``, of about its length, sharing no
    spelling with it (a suffix would leave the word's characters, which a character-level sentence
    similarity rightly reads as a copy)."""
    h = hashlib.blake2b(f"{k}:{word}".encode(), digest_size=16).digest()
    n = max(2, len(word))
    return "".join(_CONSONANTS[b % 18] if i % 2 == 0 else _VOWELS[b % 5] for i, b in enumerate(h[:n]))


def _replica(arts: list[Article], k: int, first_id: int) -> list[Article]:
    """Replica ``k`` of the development set (0 = as is): one vocabulary, function-word and digit
    mapping over the whole replica, so copies inside a replica stay copies of each other, while
    replicas are different stories (no shared sentence skeleton) with shared common words."""
    rng = random.Random(k)
    vocab: dict[str, str] = {}
    digits = list("0123456789")
    rng.shuffle(digits)
    dmap = str.maketrans("0123456789", "".join(digits))
    stop = sorted(w for w in STOPWORDS if w.isalpha())
    swap = dict(zip(stop, rng.sample(stop, len(stop)), strict=True))

    def rename(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if k == 0:
            return w
        if low in swap:  # function words keep their frequencies but not their places
            new = swap[low]
            return new.capitalize() if w[0].isupper() else new
        if low not in vocab:
            vocab[low] = _pseudo(low, k) if rng.random() < RENAME_SHARE else low
        new = vocab[low]
        return new.capitalize() if w[0].isupper() else new

    def renumber(text: str) -> str:
        return text if k == 0 else text.translate(dmap)

    out = []
    for i, a in enumerate(arts):
        text = renumber(re.sub(r"[^\W\d_]+", rename, a.text))
        out.append(
            Article(
                url=f"{a.url}#r{k}",
                title=a.title,
                text=text,
                site=a.site,
                published=a.published,
                lang=a.lang,
                id=first_id + i,
                content_hash=content_hash(text),
                trimmed=list(a.trimmed),
            )
        )
    return out


def build_corpus(base: list[Article], n: int) -> list[Article]:
    out: list[Article] = []
    k = 0
    while len(out) < n:
        out.extend(_replica(base, k, len(out) + 1))
        k += 1
    return out[:n]


def load_devset(path: Path, settings: Settings) -> tuple[list[dict[str, Any]], list[Article]] | None:
    """The development set's records and their articles (aligned), or None (with a message) when
    the file is missing."""
    if not path.exists():
        print(f"skipped: {path} not found (make one with `newstrace eval make-reuse-set`)")
        return None
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    base = records_to_articles(records, settings)
    return [records[a.id - 1] for a in base if a.id is not None], base


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _roots(records: list[dict[str, Any]]) -> list[int | None]:
    """Index of each record's lineage root (its original), or None for articles outside any
    lineage (same-story coverage, unrelated articles)."""
    by_url = {r.get("url"): i for i, r in enumerate(records)}
    roots: list[int | None] = []
    for i, r in enumerate(records):
        if r.get("relation") not in COPY_RELATIONS and r.get("relation") != "original":
            roots.append(None)
            continue
        j, hops = i, 0
        while records[j].get("relation") in COPY_RELATIONS and records[j].get("source_url") in by_url \
                and hops < 50:
            j, hops = by_url[records[j]["source_url"]], hops + 1
        roots.append(j)
    return roots


def quality(edges: list[Any], n: int, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Does linking stay right as the corpus grows? Article ``id`` is replica * len(records) +
    record index + 1 (see ``build_corpus``). A copy is found when an edge joins it to an article of
    its own lineage in its own replica; an edge is false when its ends lie in different replicas or
    different lineages."""
    m = len(records)
    roots = _roots(records)

    def place(aid: int) -> tuple[int, int]:
        return divmod(aid - 1, m)

    def lineage(aid: int) -> tuple[int, int] | None:
        k, i = place(aid)
        return None if roots[i] is None else (k, roots[i])

    copies: set[int] = set()  # copies whose original is in the corpus too
    for aid in range(1, n + 1):
        k, i = place(aid)
        root = roots[i]
        if records[i].get("relation") in COPY_RELATIONS and root is not None and k * m + root + 1 <= n:
            copies.add(aid)
    found: set[int] = set()
    false_cross_replica = false_other = 0
    for e in edges:
        a, b = e.source_id, e.copy_id
        la, lb = lineage(a), lineage(b)
        if la is not None and la == lb:
            found.update(x for x in (a, b) if x in copies)
        elif place(a)[0] != place(b)[0]:
            false_cross_replica += 1
        else:
            false_other += 1
    return {
        "copies": len(copies),
        "copies_found": len(found),
        "copy_recall": round(len(found) / max(1, len(copies)), 4),
        "false_edges_cross_replica": false_cross_replica,
        "false_edges_same_replica": false_other,
    }


def run_memory(arts: list[Article], settings: Settings, records: list[dict[str, Any]]) -> dict[str, Any]:
    t = time.perf_counter()
    edges, compared = link_articles(arts, settings)
    dt = time.perf_counter() - t
    return {
        "articles": len(arts),
        "seconds": round(dt, 2),
        "articles_per_s": round(len(arts) / dt, 1),
        "comparisons_per_article": round(compared / len(arts), 2),
        "edges": len(edges),
        "peak_rss_mb": round(_peak_mb(), 1),
        "quality": quality(edges, len(arts), records),
    }


def run_store(arts: list[Article], settings: Settings) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as d:
        corpus = Corpus(Path(d) / "bench.db", settings)
        for a in arts:
            a.id = None
        t0 = time.perf_counter()
        for i in range(0, len(arts), 500):
            corpus.add(arts[i : i + 500])
        t1 = time.perf_counter()
        rep = corpus.link()
        t2 = time.perf_counter()
        size = (Path(d) / "bench.db").stat().st_size
        corpus.close()
    return {
        "articles": len(arts),
        "store_seconds": round(t1 - t0, 2),
        "link_seconds": round(t2 - t1, 2),
        "articles_per_s": round(len(arts) / (t2 - t1), 1),
        "edges": rep.edges,
        "comparisons_per_article": round(rep.compared / len(arts), 2),
        "db_mb": round(size / 2**20, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("devset", type=Path, help="reuse-format JSONL (newstrace eval make-reuse-set)")
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (first = baseline)")
    ap.add_argument("--store", action="store_true", help="also run through the SQLite store (Corpus.link)")
    ap.add_argument("--store-only", action="store_true", help="only the SQLite store run")
    ap.add_argument("--out", type=Path, default=Path("build/bench/link.json"))
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="NAME=VALUE",
                    help="a setting, as newstrace --set takes it (repeatable)")
    args = ap.parse_args(argv)
    settings = load_settings(None, args.overrides)
    loaded = load_devset(args.devset, settings)
    if loaded is None:
        return 0
    records, base = loaded
    sizes = [int(x) for x in args.sizes.split(",")]
    results: dict[str, list[dict[str, Any]]] = {"memory": [], "store": []}
    for n in sizes:
        if not args.store_only:
            results["memory"].append(run_memory(build_corpus(base, n), settings, records))
            print(json.dumps({"mode": "memory", **results["memory"][-1]}), flush=True)
        if args.store or args.store_only:
            results["store"].append(run_store(build_corpus(base, n), settings))
            print(json.dumps({"mode": "store", **results["store"][-1]}), flush=True)
    summary: dict[str, Any] = {
        "command": " ".join(["python", *map(shlex.quote, sys.argv)]),
        "results": results,
    }
    for mode, rows in results.items():
        if rows:
            b = rows[0]
            summary[f"{mode}_per_article_cost_vs_baseline"] = {
                str(r["articles"]): round(b["articles_per_s"] / r["articles_per_s"], 2) for r in rows
            }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "results"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
