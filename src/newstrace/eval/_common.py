"""Helpers shared by the evaluators: where the data is, printing tables and JSON, small metrics."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

DATA_ENV = "NEWSTRACE_DATA"
"""Environment variable that names the data root (else ``../shared/data`` beside the repository)."""


SEMEVAL_DIR = Path("story") / "semeval2022-task8-hfl" / "data"
"""The SemEval-2022 Task 8 pairs under the data root (story similarity, round trips, pair links and
the reuse generator's same-story negatives read them)."""


def default_data_root() -> Path:
    """``$NEWSTRACE_DATA``, else ``../shared/data`` next to the repository (found from this package's
    location, then from the working directory), else ``shared/data`` under the working directory."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    candidates = [p.parent / "shared" / "data" for p in here.parents]
    cwd = Path.cwd().resolve()
    candidates += [cwd.parent / "shared" / "data", cwd / "shared" / "data", cwd / ".." / "shared" / "data"]
    for c in candidates:
        if c.is_dir():
            return c
    return cwd.parent / "shared" / "data"


def skipped(what: str, path: Path, as_json: bool) -> int:
    """Print a clear 'skipped' message (or JSON) for missing data; returns exit code 0."""
    msg = f"skipped: {what} not found at {path}"
    if as_json:
        print(json.dumps({"skipped": msg}))
    else:
        print(msg)
    return 0


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall, F1 from counts (0.0 where a denominator is empty)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation (nan when fewer than 2 points or no variance)."""
    n = len(x)
    if n < 2 or n != len(y):
        return float("nan")
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 0 or syy <= 0:
        return float("nan")
    return sxy / math.sqrt(sxx * syy)


def fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        if math.isnan(v):
            return "n/a"
        return f"{v:.{digits}f}"
    return str(v)


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], digits: int = 3) -> None:
    table = Table(title=title, title_justify="left")
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*[fmt(v, digits) for v in row])
    Console(highlight=False, width=max(100, _terminal_width())).print(table)


def _terminal_width() -> int:
    try:
        return int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size().columns
    except (OSError, ValueError):
        return 120


def clean_json(obj: Any, digits: int = 4) -> Any:
    """Round floats, turn nan into None, recursively (JSON has no nan)."""
    if isinstance(obj, float):
        return None if math.isnan(obj) else round(obj, digits)
    if isinstance(obj, dict):
        return {str(k): clean_json(v, digits) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean_json(v, digits) for v in obj]
    return obj


def print_json(obj: Any) -> None:
    json.dump(clean_json(obj), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def run_eval(argv: list[str] | None, prog: str, doc: str | None, limit_help: str, data: tuple[str, Path],
             evaluate: Callable[[Path, int | None], dict[str, Any]],
             show: Callable[[dict[str, Any]], None]) -> int:
    """``main`` of an evaluation on the shared data: parse ``--data``, ``--limit`` and ``--json``, skip
    when the data set (``data``: its name and folder under the root) is absent, run ``evaluate(root,
    limit)`` and print its JSON summary or its tables (``show``)."""
    ap = argparse.ArgumentParser(prog=prog, description=(doc or "").split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="data root (default ../shared/data)")
    ap.add_argument("--limit", type=int, default=None, help=limit_help)
    ap.add_argument("--json", action="store_true", help="print the JSON summary")
    args = ap.parse_args(argv)
    root = args.data or default_data_root()
    what, folder = data
    if not (root / folder).is_dir():
        return skipped(what, root / folder, args.json)
    result = evaluate(root, args.limit)
    if args.json:
        print_json(result)
    else:
        show(result)
    return 0
