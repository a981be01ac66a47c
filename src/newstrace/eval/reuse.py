"""``newstrace eval reuse FILE.jsonl``: copy detection and provenance against labelled reuse data.

Reads the reuse format of ``../shared/data/README.md`` (records with ``cluster``, ``relation``,
``source_url``), hides the labels, runs the linker (:func:`newstrace.pipeline.link_records`) and the
baselines on the texts, and reports for each system side by side:

- **lineage P/R/F1**: pairwise precision, recall and F1 of "same lineage". A true lineage is an
  original with all its copies, transitively (``same_story`` and ``unrelated`` articles are lineages
  of one); a predicted lineage is a connected component of the predicted copy edges. Over all
  unordered pairs of articles, within and across clusters.
- **copy-of P/R/F1**: "is a copy of" (any of the four copy relations) over all ordered pairs of
  articles, within and across clusters: (x, y) is a true pair when y is an ancestor of x along the
  ``source_url`` chain (a copy of a copy is a copy of the original too), a predicted pair when y is
  reachable from x along predicted edges, copy to source. A reversed edge costs a false and a missed
  pair. ``copy_of_direct`` is the same over one-hop pairs only (x's ``source_url`` against the
  predicted edges themselves).
- **recall per copy relation** (and per generator variant, e.g. ``spun/heavy``): a copy counts as
  found when it lands in the same predicted component as its direct source.
- **same-story false-link rate**: share of ``same_story`` articles whose predicted component holds
  an article of another lineage of their cluster (independent coverage reported as a copy).
- **unrelated false-link rate**: the same for ``unrelated`` articles and any other article.
- **relation accuracy**: on copies with a predicted edge to their direct source, the share whose
  predicted relation equals the true one (baselines predict no relation: n/a).
- **origin accuracy**: for copies whose own date and whose true original's date are known, the
  share whose predicted chain (follow the best edge to a source until none) ends at the true
  original. Baselines orient each edge by date (earlier = source).

Baselines (run in the same command): datasketch MinHash LSH on word 5-grams at Jaccard 0.8 with
128 permutations (a common dedup default); on word 2-grams with 256 permutations at 0.45
(text-dedup's news configuration); TF-IDF cosine (scikit-learn, word unigrams and bigrams,
sublinear TF) at :data:`TFIDF_THRESHOLD`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._common import prf, print_json, print_table

COPY_RELATIONS = ("verbatim_copy", "spun_copy", "partial_copy", "translation")

TFIDF_THRESHOLD = 0.5
"""TF-IDF cosine at or above which the baseline links two articles: the highest lineage F1 that
links no independent same-story coverage on the development set (``make-reuse-set`` seed 7, 60
clusters). The sweep there (threshold: lineage F1 / same-story false-link rate): 0.2: 0.912 / 56 %;
0.3: 0.951 / 16 %; 0.4: 0.933 / 6 %; 0.5: 0.909 / 0 %; 0.6: 0.839 / 0 %; 0.7: 0.710 / 0 %.
Lower thresholds find more partial copies but link independent reports of the same event."""


@dataclass(frozen=True, slots=True)
class PredEdge:
    """A predicted copy edge: ``copy`` derives from ``source``."""

    source: str
    copy: str
    relation: str | None
    score: float


@dataclass
class SystemResult:
    name: str
    edges: list[PredEdge]
    seconds: float
    labels_relations: bool = True
    note: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)


# --- reading ------------------------------------------------------------------------------------


LABELS = (*COPY_RELATIONS, "original", "same_story", "unrelated")


def load_records(
    path: str | Path, limit_clusters: int | None = None, problems: list[str] | None = None
) -> list[dict[str, Any]]:
    """Reuse-format records; with ``limit_clusters``, only the first that many clusters (file order).

    A line that is not a JSON object, a record without ``url`` or ``text``, or a second record
    with the same URL is a problem: with ``problems`` given, it is described there in one line
    (``file:line: why``) and the record skipped; otherwise it raises ValueError. A relation outside
    the format's labels is kept and noted there too (the record is scored as no copy), as is a copy
    whose ``source_url`` names no record of the file (its copy relation cannot be scored)."""

    def problem(msg: str) -> None:
        if problems is None:
            raise ValueError(msg)
        problems.append(msg)

    def note(msg: str) -> None:
        if problems is not None:
            problems.append(msg)

    out: list[dict[str, Any]] = []
    clusters: list[str] = []
    seen: dict[str, int] = {}
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                problem(f"{path}:{n}: not JSON ({e.msg}); skipped")
                continue
            if not isinstance(rec, dict):
                problem(f"{path}:{n}: not a JSON object; skipped")
                continue
            if not isinstance(rec.get("url"), str) or not rec["url"] or not isinstance(rec.get("text"), str):
                problem(f"{path}:{n}: a record needs url and text; skipped")
                continue
            if rec["url"] in seen:
                problem(f"{path}:{n}: url {rec['url']} already on line {seen[rec['url']]}; skipped")
                continue
            c = str(rec.get("cluster") or rec["url"])
            if c not in clusters:
                if limit_clusters is not None and len(clusters) >= limit_clusters:
                    continue
                clusters.append(c)
            if rec.get("relation") is not None and rec.get("relation") not in LABELS:
                note(f"{path}:{n}: relation {rec.get('relation')!r} is not one of {', '.join(LABELS)}; "
                        "scored as no copy")
            seen[rec["url"]] = n
            out.append(rec)
    for r in out:
        if r.get("relation") in COPY_RELATIONS and r.get("source_url") not in seen:
            note(f"{path}:{seen[r['url']]}: source_url {r.get('source_url')!r} of a {r['relation']} "
                    "is no record of the file; its copy relation is not scored")
    return out


def hide_labels(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the systems see: url, site, title, text, published, lang."""
    keep = ("url", "site", "title", "text", "published", "lang")
    return [{k: r.get(k) for k in keep} for r in records]


# --- truth --------------------------------------------------------------------------------------


def true_roots(records: list[dict[str, Any]]) -> dict[str, str]:
    """url -> url of the original at the root of its copy chain (itself when it is no copy)."""
    by_url = {r["url"]: r for r in records}
    roots: dict[str, str] = {}
    for r in records:
        url, seen = r["url"], set()
        while True:
            rec = by_url.get(url)
            src = rec.get("source_url") if rec and rec.get("relation") in COPY_RELATIONS else None
            if not src or src not in by_url or url in seen:
                break
            seen.add(url)
            url = src
        roots[r["url"]] = url
    return roots


# --- metrics ------------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(urls: list[str], edges: Iterable[PredEdge]) -> dict[str, str]:
    """url -> component id of the undirected graph of ``edges`` (edges to unknown urls ignored)."""
    uf = _UnionFind(urls)
    known = set(urls)
    for e in edges:
        if e.source in known and e.copy in known:
            uf.union(e.source, e.copy)
    return {u: uf.find(u) for u in urls}


def pairwise_scores(truth: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Pairwise P/R/F1 of two partitions of the same items (item -> group id).

    A pair counts as positive when both items share a group. Computed from the contingency table,
    so it costs O(n), not O(n^2).
    """

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    cell: dict[tuple[str, str], int] = defaultdict(int)
    t_size: dict[str, int] = defaultdict(int)
    p_size: dict[str, int] = defaultdict(int)
    for item, t in truth.items():
        p = pred[item]
        cell[(t, p)] += 1
        t_size[t] += 1
        p_size[p] += 1
    tp = sum(pairs(n) for n in cell.values())
    true_pairs = sum(pairs(n) for n in t_size.values())
    pred_pairs = sum(pairs(n) for n in p_size.values())
    return prf(tp, pred_pairs - tp, true_pairs - tp) | {
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
        "true_positive_pairs": tp,
    }


def _ancestors(parents: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Ordered pairs (x, y) where y is reachable from x along ``parents`` (x excluded)."""
    out: set[tuple[str, str]] = set()
    for x in parents:
        seen: set[str] = set()
        stack = list(parents[x])
        while stack:
            y = stack.pop()
            if y in seen or y == x:
                continue
            seen.add(y)
            stack.extend(parents.get(y, ()))
        out.update((x, y) for y in seen)
    return out


def ordered_pair_scores(true_pairs: set[tuple[str, str]], pred_pairs: set[tuple[str, str]]) -> dict[str, Any]:
    """P/R/F1 of ordered (copy, source) pairs."""
    tp = len(true_pairs & pred_pairs)
    return prf(tp, len(pred_pairs) - tp, len(true_pairs) - tp) | {
        "true_pairs": len(true_pairs),
        "predicted_pairs": len(pred_pairs),
        "true_positive_pairs": tp,
    }


def copy_of_scores(
    records: list[dict[str, Any]], edges: Iterable[PredEdge]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """("is a copy of" over ordered pairs, transitively; the same over one-hop pairs)."""
    by_url = {r["url"]: r for r in records}
    true_parents: dict[str, set[str]] = defaultdict(set)
    for r in records:
        src = r.get("source_url")
        if r.get("relation") in COPY_RELATIONS and isinstance(src, str) and src in by_url and src != r["url"]:
            true_parents[r["url"]].add(src)
    pred_parents: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e.copy in by_url and e.source in by_url and e.copy != e.source:
            pred_parents[e.copy].add(e.source)
    direct_true = {(x, y) for x, ys in true_parents.items() for y in ys}
    direct_pred = {(x, y) for x, ys in pred_parents.items() for y in ys}
    return (
        ordered_pair_scores(_ancestors(true_parents), _ancestors(pred_parents)),
        ordered_pair_scores(direct_true, direct_pred),
    )


def predicted_root(url: str, best_source: dict[str, PredEdge], limit: int = 50) -> str:
    seen = {url}
    while url in best_source and len(seen) <= limit:
        nxt = best_source[url].source
        if nxt in seen:
            break
        seen.add(nxt)
        url = nxt
    return url


def score_system(
    records: list[dict[str, Any]],
    edges: list[PredEdge],
    *,
    labels_relations: bool = True,
    max_examples: int = 40,
) -> dict[str, Any]:
    """All metrics of one system's predicted edges against the labelled records."""
    urls = [r["url"] for r in records]
    by_url = {r["url"]: r for r in records}
    roots = true_roots(records)
    pred = components(urls, edges)
    lineage = pairwise_scores(roots, pred)
    copy_of, copy_of_direct = copy_of_scores(records, edges)

    merges: list[dict[str, Any]] = []
    comp_roots: dict[str, set[str]] = defaultdict(set)
    for u in urls:
        comp_roots[pred[u]].add(roots[u])
    for comp, rs in sorted(comp_roots.items()):
        if len(rs) > 1 and len(merges) < max_examples:
            merges.append(
                {
                    "component": comp,
                    "true_lineages": sorted(rs),
                    "clusters": sorted({str(by_url[x].get("cluster")) for x in rs}),
                }
            )

    # recall per relation and per variant
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_variant: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: list[dict[str, Any]] = []
    for r in records:
        rel = r.get("relation")
        if rel not in COPY_RELATIONS or not r.get("source_url") or r["source_url"] not in by_url:
            continue
        ok = pred[r["url"]] == pred[r["source_url"]]
        found[rel][0] += int(ok)
        found[rel][1] += 1
        variant = _variant_key(r)
        by_variant[variant][0] += int(ok)
        by_variant[variant][1] += 1
        if not ok and len(missed) < max_examples:
            missed.append(
                {
                    "url": r["url"],
                    "source_url": r["source_url"],
                    "variant": variant,
                    "jaccard5": r.get("jaccard5"),
                }
            )
    all_copies = [sum(v[0] for v in found.values()), sum(v[1] for v in found.values())]

    # false links of independent coverage and of unrelated articles
    members: dict[str, list[str]] = defaultdict(list)
    for u in urls:
        members[pred[u]].append(u)
    false_links: list[dict[str, Any]] = []

    def linked_to_other(u: str, same_cluster_only: bool) -> str | None:
        for v in members[pred[u]]:
            if v == u or roots[v] == roots[u]:
                continue
            if same_cluster_only and by_url[v].get("cluster") != by_url[u].get("cluster"):
                continue
            return v
        return None

    ss_total = ss_linked = 0
    ss_any = 0
    un_total = un_linked = 0
    for r in records:
        if r.get("relation") == "same_story":
            ss_total += 1
            other = linked_to_other(r["url"], True)
            if other:
                ss_linked += 1
                if len(false_links) < max_examples:
                    false_links.append({"url": r["url"], "linked_to": other, "kind": "same_story"})
            ss_any += int(linked_to_other(r["url"], False) is not None)
        elif r.get("relation") == "unrelated":
            un_total += 1
            other = linked_to_other(r["url"], False)
            if other:
                un_linked += 1
                if len(false_links) < max_examples:
                    false_links.append({"url": r["url"], "linked_to": other, "kind": "unrelated"})

    # relation accuracy on copies with an edge to their direct source
    edge_between: dict[frozenset[str], PredEdge] = {}
    for e in edges:
        key = frozenset((e.source, e.copy))
        if key not in edge_between or e.score > edge_between[key].score:
            edge_between[key] = e
    rel_ok = rel_n = 0
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    direction_ok = direction_n = 0
    for r in records:
        if r.get("relation") not in COPY_RELATIONS or not r.get("source_url"):
            continue
        found_edge = edge_between.get(frozenset((r["url"], r["source_url"])))
        if found_edge is None:
            continue
        direction_n += 1
        direction_ok += int(found_edge.copy == r["url"])
        if labels_relations and found_edge.relation:
            rel_n += 1
            rel_ok += int(found_edge.relation == r["relation"])
            confusion[r["relation"]][found_edge.relation] += 1

    # origin accuracy where dates exist
    best_source: dict[str, PredEdge] = {}
    for e in edges:
        if e.copy not in best_source or e.score > best_source[e.copy].score:
            best_source[e.copy] = e
    org_ok = org_n = 0
    org_ok_all = org_n_all = 0
    for r in records:
        if r.get("relation") not in COPY_RELATIONS or not r.get("source_url"):
            continue
        root = roots[r["url"]]
        hit = predicted_root(r["url"], best_source) == root
        org_n_all += 1
        org_ok_all += int(hit)
        if r.get("published") and by_url.get(root, {}).get("published"):
            org_n += 1
            org_ok += int(hit)

    return {
        "lineage": lineage,
        "copy_of": copy_of,
        "copy_of_direct": copy_of_direct,
        "copy_recall": {k: v[0] / v[1] for k, v in sorted(found.items())} | {"all": _ratio(*all_copies)},
        "copy_counts": {k: v[1] for k, v in sorted(found.items())},
        "recall_by_variant": {k: {"recall": v[0] / v[1], "n": v[1]} for k, v in sorted(by_variant.items())},
        "same_story_false_link_rate": _ratio(ss_linked, ss_total),
        "same_story_linked_anywhere_rate": _ratio(ss_any, ss_total),
        "same_story_articles": ss_total,
        "unrelated_false_link_rate": _ratio(un_linked, un_total),
        "unrelated_articles": un_total,
        "relation_accuracy": _ratio(rel_ok, rel_n) if labels_relations else None,
        "relation_evaluated": rel_n,
        "relation_confusion": {k: dict(v) for k, v in confusion.items()},
        "direction_accuracy": _ratio(direction_ok, direction_n),
        "origin_accuracy": _ratio(org_ok, org_n),
        "origin_evaluated": org_n,
        "origin_accuracy_all": _ratio(org_ok_all, org_n_all),
        "predicted_edges": len(edges),
        "missed_examples": missed,
        "merged_lineages": sum(1 for rs in comp_roots.values() if len(rs) > 1),
        "merge_examples": merges,
        "false_link_examples": false_links,
    }


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def _variant_key(r: dict[str, Any]) -> str:
    v = str(r.get("variant") or r.get("relation"))
    v = v.replace("/cut", "")
    return v


# --- systems ------------------------------------------------------------------------------------


def _orient_by_date(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str]:
    """(source, copy): the earlier-dated article is the source; unknown dates keep input order."""
    da, db = a.get("published") or "", b.get("published") or ""
    if da and db and db < da:
        return b["url"], a["url"]
    if not da and db:
        return b["url"], a["url"]
    return a["url"], b["url"]


def _shingles(text: str, n: int) -> set[str]:
    toks = re.findall(r"\w+", text.lower())
    if len(toks) < n:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def run_minhash(records: list[dict[str, Any]], ngram: int, num_perm: int, threshold: float) -> list[PredEdge]:
    """datasketch MinHash LSH: articles whose word n-gram sets reach ``threshold`` Jaccard (as the
    LSH bands select them, then checked on the MinHash estimate) are linked; oriented by date."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[str, MinHash] = {}
    for r in records:
        m = MinHash(num_perm=num_perm, seed=1)
        sh = _shingles((r.get("title") or "") + "\n" + r["text"], ngram)
        m.update_batch([s.encode("utf-8") for s in sh])
        hashes[r["url"]] = m
        lsh.insert(r["url"], m)
    by_url = {r["url"]: r for r in records}
    edges: list[PredEdge] = []
    seen: set[frozenset[str]] = set()
    for r in records:
        for other in lsh.query(hashes[r["url"]]):
            key = frozenset((r["url"], other))
            if other == r["url"] or key in seen:
                continue
            seen.add(key)
            j = hashes[r["url"]].jaccard(hashes[other])
            if j < threshold:
                continue
            src, cpy = (
                _orient_by_date(by_url[other], r) if other < r["url"] else _orient_by_date(r, by_url[other])
            )
            edges.append(PredEdge(src, cpy, None, j))
    return edges


def run_tfidf(records: list[dict[str, Any]], threshold: float = TFIDF_THRESHOLD) -> list[PredEdge]:
    """TF-IDF cosine of word unigrams+bigrams (sublinear TF); pairs at or above ``threshold``.

    All pairs are compared (a sparse matrix product): fine for evaluation sets of a few thousand
    articles, not a candidate-search method.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [(r.get("title") or "") + "\n" + r["text"] for r in records]
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)
    x = vec.fit_transform(texts)
    sims = (x @ x.T).tocoo()
    edges: list[PredEdge] = []
    for i, j, v in zip(sims.row, sims.col, sims.data, strict=True):
        if i < j and v >= threshold:
            src, cpy = _orient_by_date(records[i], records[j])
            edges.append(PredEdge(src, cpy, None, float(v)))
    return edges


def run_newstrace(
    records: list[dict[str, Any]], settings: Any = None, on_error: Callable[[str], None] | None = None
) -> list[PredEdge]:
    from ..pipeline import link_records

    edges = link_records(hide_labels(records), settings, on_error=on_error)
    out: list[PredEdge] = []
    for e in edges:
        rel = getattr(e.relation, "value", e.relation)
        if rel not in COPY_RELATIONS or not e.source_url or not e.copy_url:
            continue
        out.append(PredEdge(e.source_url, e.copy_url, str(rel), float(e.score)))
    return out


def read_edges(path: str | Path) -> list[PredEdge]:
    """Edges written by ``newstrace link FILE --out EDGES.jsonl``.

    One JSON object a line: ``{"url", "source_url", "relation", "score"}`` (``url`` is the copy).
    """
    out: list[PredEdge] = []
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            copy = d.get("url") or d.get("copy_url")
            rel = d.get("relation")
            if copy and d.get("source_url") and rel in COPY_RELATIONS:
                out.append(PredEdge(d["source_url"], copy, rel, float(d.get("score") or 0.0)))
    return out


# --- the evaluation -----------------------------------------------------------------------------

BASELINES = ("minhash5", "minhash2", "tfidf")


def evaluate_reuse(
    path: str | Path,
    settings: Any = None,
    *,
    limit: int | None = None,
    baselines: Iterable[str] = BASELINES,
    newstrace: bool = True,
    edges_file: str | Path | None = None,
    tfidf_threshold: float = TFIDF_THRESHOLD,
) -> dict[str, Any]:
    """Run the linker and the baselines on ``path`` and score them; returns the JSON summary.

    ``limit``: only the first that many clusters. ``edges_file``: score these edges as newstrace's
    instead of running the linker.
    """
    problems: list[str] = []
    records = load_records(path, limit, problems)
    if len(records) < 2:
        raise ValueError(f"{path}: {len(records)} usable record(s); nothing to evaluate")
    systems: list[SystemResult] = []
    errors: list[str] = []
    if edges_file is not None:
        systems.append(
            SystemResult("newstrace", read_edges(edges_file), 0.0, note=f"edges from {edges_file}")
        )
    elif newstrace:
        t0 = time.perf_counter()
        edges = run_newstrace(records, settings, on_error=errors.append)
        systems.append(SystemResult("newstrace", edges, time.perf_counter() - t0))
    for name in baselines:
        t0 = time.perf_counter()
        if name == "minhash5":
            edges = run_minhash(records, 5, 128, 0.8)
            label = "minhash 5-gram J>=0.8 (128 perm)"
        elif name == "minhash2":
            edges = run_minhash(records, 2, 256, 0.45)
            label = "minhash 2-gram J>=0.45 (256 perm)"
        elif name == "tfidf":
            edges = run_tfidf(records, tfidf_threshold)
            label = f"tf-idf cosine>={tfidf_threshold}"
        else:
            raise ValueError(f"unknown baseline {name!r}")
        systems.append(SystemResult(label, edges, time.perf_counter() - t0, labels_relations=False))
    for s in systems:
        s.metrics = score_system(records, s.edges, labels_relations=s.labels_relations)
    summary = {
        "file": str(path),
        "records": len(records),
        "clusters": len({r.get("cluster") for r in records}),
        "relations": _count(r.get("relation") for r in records),
        "systems": {
            s.name: s.metrics
            | {"seconds": s.seconds, "articles_per_second": len(records) / s.seconds if s.seconds else None}
            for s in systems
        },
        "linker_errors": errors[:20],
        "record_problems": len(problems),
        "record_problem_examples": problems[:20],
    }
    if settings is not None and hasattr(settings, "to_json"):
        summary["settings"] = settings.to_json()
    return summary


def _count(items: Iterable[Any]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for x in items:
        out[str(x)] += 1
    return dict(sorted(out.items()))


def _getter(key: str, sub: str) -> Callable[[dict[str, Any]], Any]:
    return lambda x: x[key].get(sub)


def print_report(summary: dict[str, Any]) -> None:
    names = list(summary["systems"])
    m = summary["systems"]
    print(
        f"{summary['file']}: {summary['records']} articles in {summary['clusters']} clusters "
        f"({', '.join(f'{k} {v}' for k, v in summary['relations'].items())})"
    )
    rows: list[list[Any]] = []

    def row(label: str, get: Callable[[dict[str, Any]], Any]) -> None:
        rows.append([label] + [get(m[n]) for n in names])

    row("lineage precision", lambda x: x["lineage"]["precision"])
    row("lineage recall", lambda x: x["lineage"]["recall"])
    row("lineage F1", lambda x: x["lineage"]["f1"])
    row("copy-of precision (ordered pairs)", lambda x: x["copy_of"]["precision"])
    row("copy-of recall (ordered pairs)", lambda x: x["copy_of"]["recall"])
    row("copy-of F1 (ordered pairs)", lambda x: x["copy_of"]["f1"])
    row("copy-of F1, direct source only", lambda x: x["copy_of_direct"]["f1"])
    relations = sorted({k for n in names for k in m[n]["copy_recall"] if k != "all"})
    for rel in relations:
        row(f"recall {rel} (n={m[names[0]]['copy_counts'].get(rel, 0)})", _getter("copy_recall", rel))
    row("recall all copies", lambda x: x["copy_recall"]["all"])
    row(
        f"same-story false links (n={m[names[0]]['same_story_articles']})",
        lambda x: x["same_story_false_link_rate"],
    )
    row(
        f"unrelated false links (n={m[names[0]]['unrelated_articles']})",
        lambda x: x["unrelated_false_link_rate"],
    )
    row("relation accuracy", lambda x: x["relation_accuracy"])
    row("direction accuracy", lambda x: x["direction_accuracy"])
    row(f"origin accuracy (dated, n={m[names[0]]['origin_evaluated']})", lambda x: x["origin_accuracy"])
    row("predicted edges", lambda x: x["predicted_edges"])
    row("articles / second", lambda x: x["articles_per_second"])
    print_table("Reuse evaluation: newstrace and baselines side by side", ["metric"] + names, rows)
    variants = sorted({k for n in names for k in m[n]["recall_by_variant"]})
    vrows = []
    for v in variants:
        n_v = next((m[n]["recall_by_variant"][v]["n"] for n in names if v in m[n]["recall_by_variant"]), 0)
        vrows.append([f"{v} (n={n_v})"] + [m[n]["recall_by_variant"].get(v, {}).get("recall") for n in names])
    if vrows:
        print_table(
            "Recall by generator variant (copy found in the component of its direct source)",
            ["variant"] + names,
            vrows,
        )
    first = m[names[0]] if names else None
    if first and first.get("relation_confusion"):
        labels = sorted({p for d in first["relation_confusion"].values() for p in d})
        crow = [
            [t] + [first["relation_confusion"][t].get(p, 0) for p in labels]
            for t in sorted(first["relation_confusion"])
        ]
        print_table(f"{names[0]}: relation confusion (rows true, columns predicted)", ["true"] + labels, crow)
    if summary.get("linker_errors"):
        print(f"linker skipped {len(summary['linker_errors'])} record(s), e.g. {summary['linker_errors'][0]}")
    if summary.get("record_problems"):
        print(f"{summary['record_problems']} problem(s) in the file:")
        for msg in summary["record_problem_examples"]:
            print(f"  {msg}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newstrace eval reuse", description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path, help="reuse-format JSONL (e.g. from `newstrace eval make-reuse-set`)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    ap.add_argument(
        "--edges",
        type=Path,
        default=None,
        help="score these edges (from `newstrace link`) instead of running the linker",
    )
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument(
        "--baselines", default=",".join(BASELINES), help="comma-separated: " + ",".join(BASELINES)
    )
    ap.add_argument("--no-newstrace", action="store_true", help="baselines only")
    ap.add_argument("--tfidf-threshold", type=float, default=TFIDF_THRESHOLD)
    ap.add_argument("--set", action="append", default=[], help="linker setting name=value (repeatable)")
    ap.add_argument("--config", type=Path, default=None, help="TOML settings file")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.file.exists():
        msg = f"skipped: reuse file not found at {args.file}"
        print(json.dumps({"skipped": msg}) if args.json else msg)
        return 0
    settings = None
    if args.set or args.config:
        from ..settings import load_settings

        settings = load_settings(args.config, args.set)
    baselines = [] if args.no_baselines else [b for b in args.baselines.split(",") if b]
    try:
        summary = evaluate_reuse(
            args.file,
            settings,
            limit=args.limit,
            baselines=baselines,
            newstrace=not args.no_newstrace,
            edges_file=args.edges,
            tfidf_threshold=args.tfidf_threshold,
        )
    except (OSError, ValueError) as e:  # unreadable file, no usable record, bad edges file
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print_json(summary)
    else:
        print_report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
