"""``newstrace eval extraction``: article-body extraction, newstrace's extractor beside plain trafilatura.

Two data sets (see ``../shared/data/README.md``):

- **Zyte article-extraction benchmark** (``extraction/zyte-article-extraction-benchmark``): 181 pages
  and their true article bodies. Scored the way the benchmark's own ``evaluate.py`` does: each text
  is cut into word tokens (``\\w+``), shingles are runs of 4 tokens counted with multiplicity; per
  page TP/FP/FN are the shared, extra and missing shingle counts, normalised by their sum so every
  page weighs the same. Precision is the mean over pages with TP + FP > 0, recall the mean over
  pages with TP + FN > 0, F1 the harmonic mean of those two means; accuracy is the share of pages
  whose token sequence equals the truth exactly. ± figures are bootstrap standard deviations over
  pages (as upstream, but with a fixed seed). An empty prediction has no shingles.
  Plain trafilatura runs as the benchmark runs it: ``trafilatura.extract(html, include_comments=False)``.
- **trafilatura evaluation set** (``extraction/trafilatura-eval/tests``): 990 pages with snippets that
  must be kept (``with``) and dropped (``without``). Scored the way trafilatura's own evaluation does:
  a snippet is found when its whitespace-normalised text is a substring of the whitespace-normalised
  output; TP = kept snippets found, FN = kept snippets missing, FP = dropped snippets found, TN = the
  rest; precision, recall, F1 and accuracy over all pages pooled. A crash or empty output finds
  nothing. Plain trafilatura runs with trafilatura's canonical evaluation options
  (``include_comments=False, include_tables=True, include_formatting=False``), with fallbacks
  (the default) and with ``fast=True``.

newstrace's extractor is :func:`newstrace.extract.extract_html`; where that module is absent the
newstrace column is skipped with a message.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._common import default_data_root, print_json, print_table, skipped

ZYTE_DIR = Path("extraction") / "zyte-article-extraction-benchmark"
TRAF_DIR = Path("extraction") / "trafilatura-eval" / "tests"

Extractor = Callable[[str, str | None], str | None]
"""(html, url) -> body text or None."""

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


# --- the Zyte benchmark's scoring ---------------------------------------------------------------


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Runs of ``n`` tokens with counts. A text shorter than ``n`` tokens is one shorter shingle;
    an empty text has none."""
    toks = tokenize(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        sh = tuple(toks[i : i + n])
        if sh:
            out[sh] += 1
    return out


def shingle_tp_fp_fn(true: str | None, pred: str | None, n: int = 4) -> tuple[float, float, float]:
    """Per-page (TP, FP, FN) over shingles, normalised to sum to 1 (when not all zero)."""
    ts, ps = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in ts.keys() | ps.keys():
        t, p = ts.get(key, 0), ps.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def zyte_metrics(tp_fp_fns: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision = mean over pages with TP+FP > 0, recall = mean over pages with TP+FN > 0,
    F1 = harmonic mean of the two means."""
    ps = [_precision(*x) for x in tp_fp_fns if x[0] + x[1] > 0]
    rs = [_recall(*x) for x in tp_fp_fns if x[0] + x[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def zyte_score(
    truth: dict[str, str], pred: dict[str, str | None], n_bootstrap: int = 200, seed: int = 0
) -> dict[str, Any]:
    keys = sorted(truth)
    tfn = [shingle_tp_fp_fn(truth[k], pred.get(k)) for k in keys]
    acc = [float(tokenize(truth[k]) == tokenize(pred.get(k))) for k in keys]
    out: dict[str, Any] = zyte_metrics(tfn) | {
        "accuracy": statistics.mean(acc) if acc else 0.0,
        "pages": len(keys),
    }
    if n_bootstrap and len(keys) > 1:
        rng = random.Random(seed)
        samples: dict[str, list[float]] = {"precision": [], "recall": [], "f1": [], "accuracy": []}
        for _ in range(n_bootstrap):
            idx = [rng.randrange(len(keys)) for _ in keys]
            m = zyte_metrics([tfn[i] for i in idx])
            for k in ("precision", "recall", "f1"):
                samples[k].append(m[k])
            samples["accuracy"].append(statistics.mean(acc[i] for i in idx))
        for k, v in samples.items():
            out[f"{k}_std"] = statistics.stdev(v)
    out["per_page"] = {
        k: {"precision": _precision(*x), "recall": _recall(*x)} for k, x in zip(keys, tfn, strict=True)
    }
    return out


# --- trafilatura's snippet scoring --------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def snippet_counts(item: dict[str, Any], result: str | None) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) of one page: whitespace-normalised substring matching."""
    withs, withouts = item.get("with") or [], item.get("without") or []
    if isinstance(result, str) and result:
        res = _norm(result)
        tp = sum(1 for w in withs if _norm(w) in res)
        fp = sum(1 for w in withouts if _norm(w) in res)
    else:
        tp = fp = 0
    return tp, fp, len(withs) - tp, len(withouts) - fp


def snippet_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


# --- extractors ---------------------------------------------------------------------------------


def trafilatura_zyte(html: str, url: str | None) -> str | None:
    import trafilatura

    return trafilatura.extract(html, include_comments=False)


def _trafilatura_canonical(fast: bool) -> Extractor:
    def run(html: str | bytes, url: str | None) -> str | None:
        import trafilatura

        return trafilatura.extract(
            html, fast=fast, include_comments=False, include_tables=True, include_formatting=False
        )

    return run


def newstrace_extractor(settings: Any = None, meta: dict[str, dict[str, str | None]] | None = None
                        ) -> Extractor | None:
    """newstrace's extractor as (html, url) -> text, or None when newstrace.extract is absent.

    This measures extraction, not the later decision that a short page is no article: the
    ``min_article_chars`` filter is switched off (plain trafilatura has none either). With
    ``meta``, each page's date, title and author are kept there by URL.
    """
    try:
        from ..extract import extract_html
    except ImportError:
        return None
    from ..errors import ExtractError
    from ..settings import Settings

    settings = (settings or Settings()).replace(min_article_chars=1)

    def run(html: str, url: str | None) -> str | None:
        try:
            art = extract_html(html, url, settings)
        except ExtractError:
            return None
        if meta is not None and url:
            meta[url] = {"date": art.published, "title": art.title, "author": art.author}
        return art.text

    return run


def trafilatura_metadata(html: str | bytes, url: str | None) -> dict[str, str | None]:
    """Plain trafilatura's reading of a page's date, title and author (``extract_metadata``)."""
    import trafilatura

    doc = trafilatura.extract_metadata(html, default_url=url)
    if doc is None:
        return {"date": None, "title": None, "author": None}
    return {"date": doc.date, "title": doc.title, "author": doc.author}


_META_FIELDS = ("date", "title", "author")


def _meta_norm(field: str, value: Any) -> str:
    if isinstance(value, list):  # a few truths list several authors
        value = "; ".join(str(v) for v in value)
    if not value:
        return ""
    value = str(value)
    if field == "date":
        return value.strip()[:10]
    return " ".join(value.casefold().split())


def metadata_scores(gold: dict[str, dict[str, Any]], preds: dict[str, dict[str, str | None]]
                    ) -> dict[str, dict[str, float | int]]:
    """Accuracy of each metadata field over the pages whose truth gives it (dates compared as
    ``YYYY-MM-DD``, titles and authors case- and space-insensitively); for the author also the
    pages without one where a name was given anyway (``spurious``)."""
    out: dict[str, dict[str, float | int]] = {}
    for field in _META_FIELDS:
        n = right = spurious = none = 0
        for url, item in gold.items():
            truth = _meta_norm(field, item.get(field))
            got = _meta_norm(field, (preds.get(url) or {}).get(field))
            if not truth:
                spurious += bool(got) and field == "author" and field in item
                continue
            n += 1
            right += got == truth
            none += not got
        out[field] = {"pages": n, "accuracy": right / n if n else 0.0, "missing": none}
        if field == "author":
            out[field]["spurious"] = spurious
    return out


def _decode(raw: bytes) -> str:
    try:
        from ..sources.decode import decode_text

        return decode_text(raw)
    except ImportError:
        return raw.decode("utf-8", errors="replace")


def _safe(fn: Extractor, html: Any, url: str | None) -> tuple[str | None, str | None]:
    try:
        return fn(html, url), None
    except Exception as e:  # noqa: BLE001 - a crash counts as an empty result, as upstream
        return None, f"{type(e).__name__}: {e}"


# --- the evaluations ----------------------------------------------------------------------------


def evaluate_zyte(
    root: Path, systems: dict[str, Extractor], limit: int | None = None, n_bootstrap: int = 200
) -> dict[str, Any]:
    base = root / ZYTE_DIR
    truth_all = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth_all)[:limit] if limit else sorted(truth_all)
    truth = {k: truth_all[k].get("articleBody") or "" for k in keys}
    preds: dict[str, dict[str, str | None]] = {name: {} for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    crashes: dict[str, list[str]] = {name: [] for name in systems}
    for k in keys:
        with gzip.open(base / "html" / f"{k}.html.gz", "rb") as f:
            html = _decode(f.read())
        url = truth_all[k].get("url")
        for name, fn in systems.items():
            t0 = time.perf_counter()
            text, err = _safe(fn, html, url)
            seconds[name] += time.perf_counter() - t0
            preds[name][k] = text
            if err:
                crashes[name].append(f"{k}: {err}")
    out: dict[str, Any] = {"pages": len(keys)}
    for name in systems:
        score = zyte_score(truth, preds[name], n_bootstrap)
        per = score.pop("per_page")
        worst = sorted(per.items(), key=lambda kv: kv[1]["precision"] + kv[1]["recall"])[:10]
        score["worst_pages"] = [{"id": k, "url": truth_all[k].get("url"), **v} for k, v in worst]
        score["seconds"] = seconds[name]
        score["crashes"] = crashes[name][:10]
        score["empty"] = sum(1 for k in keys if not preds[name].get(k))
        out[name] = score
    return out


def _traf_path(base: Path, name: str) -> Path | None:
    for sub in ("cache", "eval"):
        for cand in (base / sub / name, base / sub / f"{name}.gz"):
            if cand.is_file():
                return cand
    return None


def evaluate_trafilatura_set(
    root: Path,
    systems: dict[str, Extractor],
    limit: int | None = None,
    bytes_for: frozenset[str] = frozenset(),
    metadata: dict[str, dict[str, dict[str, str | None]]] | None = None,
) -> dict[str, Any]:
    """``bytes_for``: systems that get the raw bytes (trafilatura decodes them itself, as in its own
    evaluation); the others get text decoded by newstrace.sources.decode. ``metadata``: per system,
    the dict its extractor fills with each page's date, title and author (see
    :func:`newstrace_extractor`); plain trafilatura's are read with :func:`trafilatura_metadata`.
    Those are scored against the set's own metadata (:func:`metadata_scores`)."""
    metadata = dict(metadata or {})
    if metadata:
        metadata["trafilatura"] = {}
    base = root / TRAF_DIR
    evaldata = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
    urls = sorted(evaldata)[:limit] if limit else sorted(evaldata)
    counts = {name: [0, 0, 0, 0] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    missing = 0
    read: list[str] = []  # the pages found on disk, in order
    examples: dict[str, list[dict[str, Any]]] = {name: [] for name in systems}
    for url in urls:
        item = evaldata[url]
        path = _traf_path(base, str(item.get("file")))
        if path is None:
            missing += 1
            continue
        read.append(url)
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = _decode(raw)
        if metadata and any(item.get(f) for f in _META_FIELDS):
            metadata["trafilatura"][url] = trafilatura_metadata(raw, url)
        for name, fn in systems.items():
            t0 = time.perf_counter()
            result, _ = _safe(fn, raw if name in bytes_for else text, url)
            seconds[name] += time.perf_counter() - t0
            c = snippet_counts(item, result)
            for i in range(4):
                counts[name][i] += c[i]
            if (c[1] or c[2]) and len(examples[name]) < 15:
                res = _norm(result or "")
                examples[name].append(
                    {
                        "url": url,
                        "missed": [w for w in item.get("with") or [] if _norm(w) not in res][:2],
                        "leaked": [w for w in item.get("without") or [] if _norm(w) in res][:2],
                    }
                )
    out: dict[str, Any] = {"pages": len(urls) - missing, "missing_files": missing}
    for name in systems:
        out[name] = snippet_metrics(*counts[name]) | {"seconds": seconds[name], "examples": examples[name]}
    if metadata:
        gold = {u: evaldata[u] for u in read}
        out["metadata"] = {name: metadata_scores(gold, preds) for name, preds in metadata.items()}
    return out


def evaluate_extraction(
    data_root: Path | None = None,
    *,
    limit: int | None = None,
    settings: Any = None,
    zyte: bool = True,
    trafilatura_set: bool = True,
    fast_too: bool = True,
    n_bootstrap: int = 200,
) -> dict[str, Any]:
    root = Path(data_root) if data_root else default_data_root()
    meta: dict[str, dict[str, str | None]] = {}
    ours = newstrace_extractor(settings, meta)  # (the metadata it keeps is scored on the trafilatura set)
    result: dict[str, Any] = {"data_root": str(root), "limit": limit}
    if ours is None:
        result["newstrace_skipped"] = "newstrace.extract is not available: newstrace column skipped"
    if zyte and (root / ZYTE_DIR).is_dir():
        systems: dict[str, Extractor] = {}
        if ours:
            systems["newstrace"] = ours
        systems["trafilatura"] = trafilatura_zyte
        result["zyte"] = evaluate_zyte(root, systems, limit, n_bootstrap)
    elif zyte:
        result["zyte_skipped"] = f"not found: {root / ZYTE_DIR}"
    if trafilatura_set and (root / TRAF_DIR).is_dir():
        systems = {}
        if ours:
            systems["newstrace"] = ours
        systems["trafilatura"] = _trafilatura_canonical(False)
        if fast_too:
            systems["trafilatura fast"] = _trafilatura_canonical(True)
        result["trafilatura_set"] = evaluate_trafilatura_set(
            root, systems, limit, bytes_for=frozenset({"trafilatura", "trafilatura fast"}),
            metadata={"newstrace": meta} if ours else None,
        )
    elif trafilatura_set:
        result["trafilatura_set_skipped"] = f"not found: {root / TRAF_DIR}"
    return result


def _print(result: dict[str, Any]) -> None:
    if "newstrace_skipped" in result:
        print(result["newstrace_skipped"])
    if "zyte" in result:
        z = result["zyte"]
        names = [k for k in z if isinstance(z[k], dict)]
        rows = []
        for n in names:
            v = z[n]
            rows.append(
                [
                    n,
                    f"{v['f1']:.3f} ± {v.get('f1_std', 0):.3f}",
                    f"{v['precision']:.3f}",
                    f"{v['recall']:.3f}",
                    f"{v['accuracy']:.3f}",
                    v["empty"],
                    f"{z['pages'] / v['seconds']:.1f}" if v["seconds"] else "-",
                ]
            )
        print_table(
            f"Zyte article-extraction benchmark ({z['pages']} pages), body F1 as upstream evaluate.py",
            ["system", "F1", "precision", "recall", "accuracy", "empty", "pages/s"],
            rows,
        )
    if "trafilatura_set" in result:
        t = result["trafilatura_set"]
        names = [k for k in t if isinstance(t[k], dict) and k != "metadata"]
        rows = [
            [
                n,
                t[n]["f1"],
                t[n]["precision"],
                t[n]["recall"],
                t[n]["accuracy"],
                f"{t['pages'] / t[n]['seconds']:.1f}" if t[n]["seconds"] else "-",
            ]
            for n in names
        ]
        print_table(
            f"trafilatura evaluation set ({t['pages']} pages), keep/drop snippets",
            ["system", "F1", "precision", "recall", "accuracy", "pages/s"],
            rows,
            digits=4,
        )
    meta = result.get("trafilatura_set", {}).get("metadata")
    if meta:
        rows = []
        for n, v in meta.items():
            a = v["author"]
            rows.append([n, f"{v['date']['accuracy']:.4f}", f"{v['title']['accuracy']:.4f}",
                         f"{a['accuracy']:.4f}", a["spurious"]])
        first = next(iter(meta.values()))
        print_table(
            "trafilatura evaluation set, metadata: accuracy over the pages whose truth gives the field "
            f"(date {first['date']['pages']}, title {first['title']['pages']}, "
            f"author {first['author']['pages']} pages)",
            ["system", "date", "title", "author", "author given, none true"],
            rows,
        )
    for key in ("zyte_skipped", "trafilatura_set_skipped"):
        if key in result:
            print(f"skipped: {result[key]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newstrace eval extraction", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="data root (default ../shared/data)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many pages per data set")
    ap.add_argument("--no-zyte", action="store_true")
    ap.add_argument("--no-trafilatura-set", action="store_true")
    ap.add_argument(
        "--no-fast", action="store_true", help="skip trafilatura fast=True on the trafilatura set"
    )
    ap.add_argument("--bootstrap", type=int, default=200, help="bootstrap samples for the Zyte ± figures")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    root = args.data or default_data_root()
    if not (root / ZYTE_DIR).is_dir() and not (root / TRAF_DIR).is_dir():
        return skipped(
            "extraction data (Zyte benchmark, trafilatura evaluation set)", root / "extraction", args.json
        )
    result = evaluate_extraction(
        root,
        limit=args.limit,
        zyte=not args.no_zyte,
        trafilatura_set=not args.no_trafilatura_set,
        fast_too=not args.no_fast,
        n_bootstrap=args.bootstrap,
    )
    if args.json:
        print_json(result)
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
