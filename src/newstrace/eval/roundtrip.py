"""``newstrace eval round-trips``: copy detection on real machine paraphrases.

The upstream team of the SemEval-2022 Task 8 data (``story/semeval2022-task8-hfl``) augmented it by
machine translation: some pair ids appear twice, once with the articles as published and once with
both articles translated to another language and back. Each article and its round trip is a real
news text against a real machine paraphrase of it, in its own language: the nearest thing in the
shared data to a spinner's output on real web text, and nothing of it was used to tune newstrace.

For every such article (its two versions differ), newstrace compares the two versions
(:func:`newstrace.link.compare`, no dates, no credits) and we report how many it finds as a copy
(verbatim, spun or partial) and with which relation, per language; side by side, how many the
reuse evaluation's baselines would link at their thresholds: word 5-gram Jaccard 0.8 and word
2-gram Jaccard 0.45 (computed exactly: the MinHash estimate can only miss more), and TF-IDF cosine
0.5 (fitted on all the texts). A miss is a round trip called
"same story" or "unrelated". Caveat, seen by reading the misses: many round trips (Turkish most of
all) are broken machine output ("the purpose of the project, aim to aim the purpose"), and texts are
cut at about 1,000 characters, so a copy may have only two or three sentences.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..link import compare
from ..model import Article, Relation
from ..settings import Settings
from ._common import SEMEVAL_DIR, print_table, run_eval
from .reuse import TFIDF_THRESHOLD, _shingles

csv.field_size_limit(2**31 - 1)


def round_trips(root: Path) -> list[tuple[str, str, str, str]]:
    """``(id, lang, version A, version B)`` for each article whose pair id appears twice in a SemEval
    file with the article's text changed (in file order; which version is the original is not
    recorded upstream, and a copy's direction does not matter here)."""
    out = []
    for half in ("training", "testing"):
        path = root / SEMEVAL_DIR / f"{half}_set.csv"
        if not path.is_file():
            continue
        by_id: dict[str, list[dict[str, str]]] = defaultdict(list)
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                by_id[row["pair_id"]].append(row)
        for pid, rows in by_id.items():
            if len(rows) != 2:
                continue
            a, b = rows
            for text, lang in (("text1", "lang1"), ("text2", "lang2")):
                if a[lang] != b[lang] or not a[text].strip() or not b[text].strip():
                    continue
                if " ".join(a[text].split()) != " ".join(b[text].split()):
                    out.append((f"{half}:{pid}:{text}", a[lang], a[text], b[text]))
    return out


def evaluate_round_trips(root: Path, limit: int | None = None,
                         settings: Settings | None = None) -> dict[str, Any]:
    s = settings or Settings()
    items = round_trips(root)[:limit]
    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    misses = []
    t0 = time.perf_counter()
    for key, lang, a, b in items:
        src = Article(url=f"https://a.example/{key}", title="", text=a, lang=lang, site="a.example", id=1)
        cpy = Article(url=f"https://b.example/{key}", title="", text=b, lang=lang, site="b.example", id=2)
        rel = compare(src, cpy, s).verdict.relation
        by_lang[lang][rel.value] += 1
        if not rel.is_copy:
            misses.append({"id": key, "lang": lang, "relation": rel.value})
    wall = time.perf_counter() - t0
    baselines = _baselines(items)
    total: Counter[str] = Counter()
    for c in by_lang.values():
        total.update(c)

    def found(c: Counter[str]) -> int:
        return sum(n for r, n in c.items() if Relation(r).is_copy)

    n = sum(total.values())
    return {
        "pairs": n,
        "found_as_copy": found(total),
        "recall": found(total) / n if n else 0.0,
        "by_relation": dict(sorted(total.items())),
        "by_language": {lang: {"pairs": sum(c.values()), "found": found(c),
                               "recall": found(c) / sum(c.values()), "by_relation": dict(sorted(c.items()))}
                        for lang, c in sorted(by_lang.items())},
        "baselines": {name: {"found": k, "recall": k / n if n else 0.0} for name, k in baselines.items()},
        "misses": misses,
        "pairs_per_second": n / wall if wall else 0.0,
    }


_JACCARD = {"jaccard 5-gram >= 0.8": (5, 0.8), "jaccard 2-gram >= 0.45": (2, 0.45)}


def _baselines(items: list[tuple[str, str, str, str]]) -> dict[str, int]:
    """How many pairs each baseline of the reuse evaluation links (see the module docstring)."""
    out = {}
    for name, (n, threshold) in _JACCARD.items():
        hits = 0
        for _key, _lang, a, b in items:
            sa, sb = _shingles(a, n), _shingles(b, n)
            hits += bool(sa and sb and len(sa & sb) / len(sa | sb) >= threshold)
        out[name] = hits
    if items:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
        x = vec.fit_transform([t for _k, _l, a, b in items for t in (a, b)])
        cos = x[0::2].multiply(x[1::2]).sum(axis=1)
        out[f"tf-idf cosine >= {TFIDF_THRESHOLD}"] = int((cos >= TFIDF_THRESHOLD).sum())
    return out


def _show(result: dict[str, Any]) -> None:
    rows = [[lang, str(v["pairs"]), str(v["found"]), f"{v['recall']:.3f}",
             ", ".join(f"{r} {k}" for r, k in v["by_relation"].items())]
            for lang, v in result["by_language"].items()]
    rows.append(["all", str(result["pairs"]), str(result["found_as_copy"]), f"{result['recall']:.3f}",
                 ", ".join(f"{r} {k}" for r, k in result["by_relation"].items())])
    print_table("Machine round trips of real articles (SemEval-2022 Task 8 augmentation): found as copies",
                ["language", "pairs", "found as copy", "recall", "relations"], rows)
    print_table("Baselines of the reuse evaluation on the same pairs",
                ["baseline", "found", "recall"],
                [[name, str(v["found"]), f"{v['recall']:.3f}"] for name, v in result["baselines"].items()])


def main(argv: list[str] | None = None) -> int:
    return run_eval(argv, "newstrace eval round-trips", __doc__, "only the first N round trips",
                    ("SemEval-2022 Task 8 data", SEMEVAL_DIR), evaluate_round_trips, _show)


if __name__ == "__main__":
    sys.exit(main())
