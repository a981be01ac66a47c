"""Benchmark: linking on Spark (local mode) against the in-memory linker, same corpus, same process.

The corpus is ``bench/link.py``'s: replicas of a reuse-format development set with most of their
vocabulary renamed, written as reuse-format JSONL. For each size, the in-memory linker
(``link_articles``) runs first as the baseline, then the Spark job (``newstrace.spark.link_file``)
on ``--master``; both figures, their ratio, and whether the two gave the very same edges are
printed. On one machine Spark pays for its JVM, its shuffles and the pickling between stages, so
expect a ratio above 1 here; what Spark buys is that the work spreads over a cluster's cores.

    .venv/bin/python bench/spark_link.py build/reuse-dev.jsonl --sizes 1000 --master 'local[*]'

With ``--grow K``, each size is also linked as a store that grows: the first n - K articles are
stored and linked on Spark, the last K added, and ``Corpus.link_spark`` links only them; the same
session then relinks the whole store (``relink=True``) as the baseline. Both times, their ratio and
whether the two stores hold the same edges are printed.

Writes build/bench/spark_link.json with the figures and the exact command.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from link import build_corpus, load_devset  # noqa: E402

from newstrace.pipeline import link_articles, records_to_articles  # noqa: E402
from newstrace.settings import Settings  # noqa: E402


def _key(edges: list[Any]) -> list[tuple[Any, ...]]:
    return [(e.copy_id, e.source_id, e.relation.value, round(e.score, 6)) for e in edges]


def _edges(db: Path) -> list[tuple[Any, ...]]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT copy_id, source_id, relation FROM edges ORDER BY 1, 2").fetchall()
    finally:
        con.close()


def _grow(spark: Any, arts: list[Any], k: int, settings: Settings) -> dict[str, Any]:
    """Link the last ``k`` of ``arts`` into a Spark-linked store of the others; then relink all."""
    import copy

    from newstrace.pipeline import Corpus

    def stored(a: Any) -> Any:
        b = copy.copy(a)
        b.id = None
        return b

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        with Corpus(db, settings) as c:
            c.add(stored(a) for a in arts[:-k])
            c.link_spark(spark)
            c.add(stored(a) for a in arts[-k:])
            t = time.perf_counter()
            inc = c.link_spark(spark)
            t_inc = time.perf_counter() - t
        grown = _edges(db)
        with Corpus(db, settings) as c:
            t = time.perf_counter()
            full = c.link_spark(spark, relink=True)
            t_full = time.perf_counter() - t
        again = _edges(db)
    return {
        "grow_new_articles": k,
        "grow_comparisons": inc.compared,
        "relink_comparisons": full.compared,
        "grow_s": round(t_inc, 1),
        "relink_s": round(t_full, 1),
        "grow_time_vs_relink": round(t_inc / t_full, 3),
        "grow_same_edges_as_relink": grown == again,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("devset", type=Path, help="reuse-format JSONL (newstrace eval make-reuse-set)")
    ap.add_argument("--sizes", default="1000", help="comma-separated corpus sizes")
    ap.add_argument("--master", default="local[*]", help="Spark master")
    ap.add_argument("--grow", type=int, default=0, help="also time linking K new articles into a store")
    ap.add_argument("--out", type=Path, default=Path("build/bench/spark_link.json"))
    args = ap.parse_args(argv)
    settings = Settings()
    loaded = load_devset(args.devset, settings)
    if loaded is None:
        return 0
    _records, base = loaded
    from newstrace.spark import link_file, spark_session

    spark = spark_session(args.master)
    cores = spark.sparkContext.defaultParallelism
    rows = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            arts = build_corpus(base, n)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "corpus.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    for a in arts:  # ids are positions, so both linkers number articles alike
                        fh.write(json.dumps({"url": a.url, "site": a.site, "title": a.title, "text": a.text,
                                             "published": a.published, "lang": a.lang}, ensure_ascii=False))
                        fh.write("\n")
                again = records_to_articles((json.loads(x) for x in path.open(encoding="utf-8")), settings)
                t = time.perf_counter()
                mem_edges, compared = link_articles(again, settings)
                t_mem = time.perf_counter() - t
                t = time.perf_counter()
                report = link_file(spark, str(path), settings)
                t_spark = time.perf_counter() - t
            row = {
                "articles": len(again),
                "comparisons": compared,
                "edges": len(mem_edges),
                "memory_articles_per_s": round(len(again) / t_mem, 1),
                "spark_articles_per_s": round(len(again) / t_spark, 1),
                "spark_time_vs_memory": round(t_spark / t_mem, 2),
                "same_edges": _key(report.edges) == _key(mem_edges),
                "spark_cores": cores,
            }
            if args.grow:
                row |= _grow(spark, arts, args.grow, settings)
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        spark.stop()
    command = " ".join(["python", *map(shlex.quote, sys.argv)])
    summary = {"command": command, "master": args.master, "results": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["same_edges"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
