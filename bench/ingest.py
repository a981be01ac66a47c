"""Ingest throughput on the Zyte article-extraction benchmark pages, against trafilatura alone.

    python bench/ingest.py [HTML_DIR] [--out build/bench/ingest.json] [--workers N] [--ingest-only]

HTML_DIR defaults to ``../shared/data/extraction/zyte-article-extraction-benchmark/html`` (beside
the repository). Three runs over the same ``*.html.gz`` pages, in one process:

- ``baseline``: ``trafilatura.extract(html)`` on the pages already in memory (what upstream's
  benchmark runs);
- ``extract``: newstrace's ``iter_pages`` + ``extract_page`` (reading, decoding, two trafilatura
  passes, metadata, boilerplate trimming, language);
- ``ingest``: ``Corpus(tmp_db).ingest([...])``, the whole ingest into a fresh SQLite store;
- ``ingest_workers``: the same with ``--workers`` extraction processes (default: one per CPU, at
  most 8), against the sequential ingest: the two run in the order sequential, parallel, parallel,
  sequential and each figure is the mean of its two runs (``speedup`` = sequential / parallel time).

``baseline`` and ``extract`` alternate page by page (load on a shared machine hits both alike); the
whole ingest runs on its own and is compared with the mean of the interleaved baseline and a
baseline run right after it. Each prints pages per second and its ratio to the baseline. When
``ground-truth.json`` lies beside HTML_DIR, the body F1 of ``baseline`` and ``extract`` is scored
the way upstream ``evaluate.py`` does (word 4-gram shingles; mean precision and recall over pages;
F1 of the two means). The JSON written to ``--out`` holds the figures, the baseline, the ratios
and the exact command.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "data" / "extraction" / "zyte-article-extraction-benchmark" / "html"
DEFAULT_OUT = ROOT / "build" / "bench" / "ingest.json"
#: Pages extracted before timing, so that imports and model loading are not timed.
WARMUP_PAGES = 3
#: Word n-gram size of upstream's body scoring.
SHINGLE_N = 4

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-ingest", action="store_true", help="skip the Corpus.ingest run")
    parser.add_argument("--ingest-only", action="store_true",
                        help="only the sequential and the parallel ingest, the sequential one as the "
                             "baseline (for large folders: no page-by-page trafilatura runs)")
    parser.add_argument("--workers", type=int, default=None,
                        help="extraction processes for the parallel ingest run (default: one per CPU, "
                             "at most 8; 1 skips that run)")
    args = parser.parse_args(argv)

    files = sorted(args.html_dir.glob("*.html.gz")) if args.html_dir.is_dir() else []
    if not files:
        print(f"SKIP: no *.html.gz pages in {args.html_dir} (the benchmark data is not here)")
        return 0
    if args.ingest_only:
        return _ingest_only(files, args)

    import trafilatura

    from newstrace.errors import ExtractError, SourceError
    from newstrace.extract import extract_page
    from newstrace.settings import Settings
    from newstrace.sources import iter_pages

    settings = Settings()
    htmls = {_page_id(f): gzip.decompress(f.read_bytes()).decode("utf-8", errors="replace") for f in files}

    def baseline_page(page_id: str) -> str:
        return trafilatura.extract(htmls[page_id], include_comments=False) or ""

    def newstrace_page(path: Path) -> str:
        for item in iter_pages([str(path)], settings):
            if isinstance(item, SourceError):
                return ""
            try:
                return extract_page(item, settings).text
            except ExtractError:
                return ""
        return ""

    _warm_up(files, htmls, settings)
    results: dict[str, Any] = {}
    base_out, ours_out, results["baseline"], results["extract"] = _interleaved(
        files, baseline_page, newstrace_page
    )
    if not args.no_ingest:
        from newstrace.parallel import default_workers

        workers = args.workers or default_workers()
        ingest = _ingest_run(files, settings)
        if ingest is not None and workers > 1:
            par = [_ingest_run(files, settings, workers) for _ in range(2)]
            seq2 = _ingest_run(files, settings)
            assert seq2 is not None and par[0] is not None and par[1] is not None
            seq_s = (ingest["seconds"] + seq2["seconds"]) / 2
            par_s = (par[0]["seconds"] + par[1]["seconds"]) / 2
            results["ingest_workers"] = {
                **par[1],
                "seconds": round(par_s, 3),
                "pages_per_s": round(len(files) / par_s, 2),
                "sequential_seconds": round(seq_s, 3),
                "speedup": round(seq_s / par_s, 3),
            }
            ingest = {**ingest, "seconds": round(seq_s, 3), "pages_per_s": round(len(files) / seq_s, 2)}
        if ingest is not None:
            # the whole ingest cannot alternate page by page: bracket it with baseline runs instead
            before = results["baseline"]["seconds"]
            start = time.perf_counter()
            for f in files:
                baseline_page(_page_id(f))
            after = time.perf_counter() - start
            ingest["baseline_seconds"] = round((before + after) / 2, 3)
            ingest["ratio_to_baseline"] = round(ingest["baseline_seconds"] / ingest["seconds"], 3)
            results["ingest"] = ingest
            if "ingest_workers" in results:
                par_fig = results["ingest_workers"]
                par_fig["baseline_seconds"] = ingest["baseline_seconds"]
                par_fig["ratio_to_baseline"] = round(ingest["baseline_seconds"] / par_fig["seconds"], 3)
    for fig in (results["baseline"], results["extract"]):
        fig["ratio_to_baseline"] = round(results["baseline"]["seconds"] / fig["seconds"], 3)

    truth_path = args.html_dir.parent / "ground-truth.json"
    if truth_path.is_file():
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        results["baseline"]["body"] = body_scores(truth, base_out)
        results["extract"]["body"] = body_scores(truth, ours_out)

    _print(results)
    report = {
        "benchmark": "ingest pages/s on the Zyte article-extraction benchmark pages",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "pages": len(files),
        "data": str(args.html_dir),
        "baseline": results["baseline"],
        "figures": {k: v for k, v in results.items() if k != "baseline"},
        "ratio": {k: v["ratio_to_baseline"] for k, v in results.items() if k != "baseline"},
        "versions": {"python": platform.python_version(), "trafilatura": trafilatura.__version__},
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _ingest_only(files: list[Path], args: argparse.Namespace) -> int:
    """Sequential against parallel ingest (sequential, parallel, parallel, sequential; means)."""
    from newstrace.parallel import default_workers
    from newstrace.settings import Settings

    settings = Settings()
    workers = args.workers or default_workers()
    runs = [_ingest_run(files, settings, w) for w in (1, workers, workers, 1)]
    if any(r is None for r in runs):
        return 1
    seq = (runs[0]["seconds"] + runs[3]["seconds"]) / 2  # type: ignore[index]
    par = (runs[1]["seconds"] + runs[2]["seconds"]) / 2  # type: ignore[index]
    report = {
        "benchmark": "ingest pages/s, sequential against worker processes",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "pages": len(files),
        "data": str(args.html_dir),
        "workers": workers,
        "baseline": {"label": "Corpus.ingest, sequential", "seconds": round(seq, 3),
                     "pages_per_s": round(len(files) / seq, 2)},
        "figures": {"ingest_workers": {"label": f"Corpus.ingest, {workers} workers", "seconds": round(par, 3),
                                       "pages_per_s": round(len(files) / par, 2)}},
        "ratio": {"speedup": round(seq / par, 3)},
        "runs": runs,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
    }
    print(f"sequential {seq:.2f} s, {workers} workers {par:.2f} s: speedup {seq / par:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _page_id(path: Path) -> str:
    return path.name.split(".")[0]


def _warm_up(files: list[Path], htmls: dict[str, str], settings: Any) -> None:
    import trafilatura

    from newstrace.extract import extract_page
    from newstrace.sources import iter_pages

    for html in list(htmls.values())[:WARMUP_PAGES]:
        trafilatura.extract(html)
    for item in iter_pages([str(f) for f in files[:WARMUP_PAGES]], settings):
        try:
            extract_page(item, settings)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001, S110 - warm-up only
            pass


def _interleaved(
    files: list[Path], baseline_page: Callable[[str], str], newstrace_page: Callable[[Path], str]
) -> tuple[dict[str, str], dict[str, str], dict[str, Any], dict[str, Any]]:
    """Both extractors on each page in turn, so that load on a shared machine hits both alike."""
    base_out: dict[str, str] = {}
    ours_out: dict[str, str] = {}
    base_s = ours_s = 0.0
    for f in files:
        page_id = _page_id(f)
        t0 = time.perf_counter()
        base_out[page_id] = baseline_page(page_id)
        t1 = time.perf_counter()
        ours_out[page_id] = newstrace_page(f)
        t2 = time.perf_counter()
        base_s += t1 - t0
        ours_s += t2 - t1
    figures = []
    for label, seconds in (
        ("baseline: trafilatura.extract", base_s),
        ("newstrace iter_pages + extract_page", ours_s),
    ):
        print(f"{label:<40} {len(files)} pages in {seconds:6.2f} s", flush=True)
        figures.append(
            {"label": label, "seconds": round(seconds, 3), "pages_per_s": round(len(files) / seconds, 2)}
        )
    return base_out, ours_out, figures[0], figures[1]


def _ingest_run(files: list[Path], settings: Any, workers: int = 1) -> dict[str, Any] | None:
    try:
        from newstrace.pipeline import Corpus
    except ImportError as e:
        print(f"ingest: skipped (newstrace.pipeline.Corpus not available: {e})")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(Path(tmp) / "bench.db", settings)
        try:
            start = time.perf_counter()
            report = corpus.ingest([str(f) for f in files], workers=workers)
            seconds = time.perf_counter() - start
        finally:
            corpus.close()
    label = "newstrace Corpus.ingest (SQLite)" + (f", {workers} workers" if workers > 1 else "")
    print(f"{label:<40} {len(files)} pages in {seconds:6.2f} s", flush=True)
    counts = {
        k: getattr(report, k)
        for k in ("read", "stored", "unchanged", "skipped", "failed")
        if hasattr(report, k)
    }
    return {
        "label": label,
        "seconds": round(seconds, 3),
        "pages_per_s": round(len(files) / seconds, 2),
        **counts,
    }


def body_scores(truth: dict[str, dict[str, Any]], predicted: dict[str, str]) -> dict[str, float]:
    """Precision, recall and F1 of predicted bodies, scored like upstream ``evaluate.py``."""
    triples = [_shingle_match(v.get("articleBody", ""), predicted.get(k, "")) for k, v in truth.items()]
    precision = statistics.mean(_ratio(tp, fp, fn, fp) for tp, fp, fn in triples if tp + fp > 0)
    recall = statistics.mean(_ratio(tp, fp, fn, fn) for tp, fp, fn in triples if tp + fn > 0)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4),
    }


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(
        tuple(tokens[i : i + SHINGLE_N])
        for i in range(max(1, len(tokens) - SHINGLE_N + 1))
        if tokens[i : i + SHINGLE_N]
    )


def _shingle_match(true: str, pred: str) -> tuple[float, float, float]:
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _print(results: dict[str, Any]) -> None:
    print()
    print(f"{'run':<40} {'pages/s':>9} {'ratio':>7} {'body F1':>8}")
    for fig in results.values():
        f1 = fig.get("body", {}).get("f1")
        print(
            f"{fig['label']:<40} {fig['pages_per_s']:>9.2f} {fig['ratio_to_baseline']:>7.3f} "
            f"{f1 if f1 is not None else '':>8}"
        )


if __name__ == "__main__":
    sys.exit(main())
