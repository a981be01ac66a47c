"""Benchmark: how `link` scales with corpus size (articles per second and peak memory).

The corpus is built from a reuse-format development set (``newstrace eval make-reuse-set``):
replica ``k`` of the set renames part of its vocabulary (each renamed word gets a replica-specific
suffix), so replicas are distinct stories with realistic document frequencies — common words stay
shared across the whole corpus, rare words are rare — while the copy relations inside each replica
are kept. The figures are reported as ratios against the smallest size, run in the same process:
a per-article cost ratio near 1 means linking stays linear overall (sub-linear per look-up).

    .venv/bin/python bench/link.py build/reuse-dev.jsonl --sizes 1000,10000 [--store]

Writes build/bench/link.json with the figures, the baseline and the exact command.
"""

from __future__ import annotations

import argparse
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
from newstrace.settings import Settings
from newstrace.text import STOPWORDS, content_hash

RENAME_SHARE = 0.5
"""Share of a replica's distinct content words that get a replica-specific spelling."""


def _replica(arts: list[Article], k: int, first_id: int) -> list[Article]:
    rng = random.Random(k)
    vocab: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if low in STOPWORDS or len(low) < 4 or k == 0:
            return w
        if low not in vocab:
            vocab[low] = f"{w}{k:x}" if rng.random() < RENAME_SHARE else w
        return vocab[low] if w[0].islower() == vocab[low][0].islower() else vocab[low].capitalize()

    out = []
    for i, a in enumerate(arts):
        text = re.sub(r"[^\W\d_]+", rename, a.text)
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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_memory(arts: list[Article], settings: Settings) -> dict[str, Any]:
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
    args = ap.parse_args(argv)
    if not args.devset.exists():
        print(f"skipped: {args.devset} not found (make one with `newstrace eval make-reuse-set`)")
        return 0
    settings = Settings()
    records = [json.loads(line) for line in args.devset.open(encoding="utf-8") if line.strip()]
    base = records_to_articles(records, settings)
    sizes = [int(x) for x in args.sizes.split(",")]
    results: dict[str, list[dict[str, Any]]] = {"memory": [], "store": []}
    for n in sizes:
        if not args.store_only:
            results["memory"].append(run_memory(build_corpus(base, n), settings))
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
