"""Charts drawn on the server as SVG strings: bar charts (copies per day, lag histogram), the copy
network and the dateline of a provenance chain.

Pure functions of their data (deterministic layout, no randomness), so pages and reports are
reproducible and need no JavaScript. Every label is escaped here: the returned string is markup
that templates insert as it is. Colours are presentation attributes (allowed under the strict
Content-Security-Policy, unlike inline ``style``); the style sheets refine them by class.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any

import numpy as np

from ..relate import parse_day

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK, MUTED, GRID, ACCENT = "#1f2933", "#616e7c", "#e4e7eb", "#1d4e89"
STATE_MEDIA = "#b42318"
"""Ring around a known state-media outlet's node in the network chart."""
RELATION_COLOURS = {
    "verbatim_copy": "#b42318",
    "spun_copy": "#c4510c",
    "partial_copy": "#a16207",
    "translation": "#6941c6",
}


def _e(s: object) -> str:
    return escape(str(s), quote=True)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = max(top, 1) / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return max(1.0, m * mag)
    return 10 * mag


def _open(width: int, height: int, label: str, cls: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(label)}" '
        f'font-family="{_e(FONT)}" font-size="11">'
    )


def empty_chart(message: str, width: int = 640, height: int = 80) -> str:
    return (
        _open(width, height, message, "empty")
        + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{MUTED}">'
        + f"{_e(message)}</text></svg>"
    )


def bar_chart(
    data: Sequence[tuple[str, int]],
    *,
    label: str,
    unit: str = "copies",
    unit_one: str = "copy",
    width: int = 640,
    height: int = 180,
    every: int | None = None,
    cls: str = "bars",
) -> str:
    """Vertical bars with a y axis; every ``every``-th x label is written (all when None fits)."""
    if not data or not any(v for _, v in data):
        return empty_chart(f"No {unit} to chart yet", width)
    left, right, top, bottom = 34, 8, 12, 30
    pw, ph = width - left - right, height - top - bottom
    vmax = max(v for _, v in data)
    step = _nice_step(vmax)
    ymax = step * math.ceil(vmax / step)
    n = len(data)
    slot = pw / n
    bar_w = min(36.0, max(1.0, slot * 0.78))
    if every is None:
        every = max(1, math.ceil(n / max(1, pw // 64)))
    out = [_open(width, height, label, cls)]
    y = 0.0
    while y <= ymax + 1e-9:
        py = top + ph - ph * y / ymax
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{py:.1f}" y2="{py:.1f}" '
            f'stroke="{GRID}"/>'
        )
        out.append(
            f'<text class="tick" x="{left - 6}" y="{py + 3.5:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{int(y) if y == int(y) else y}</text>'
        )
        y += step
    for i, (key, v) in enumerate(data):
        x = left + i * slot + (slot - bar_w) / 2
        h = ph * v / ymax
        out.append(
            f'<rect class="bar" x="{x:.1f}" y="{top + ph - h:.1f}" width="{bar_w:.1f}" '
            f'height="{max(h, 0):.1f}" fill="{ACCENT}">'
            f"<title>{_e(key)}: {v} {_e(unit_one if v == 1 else unit)}</title></rect>"
        )
        if i % every == 0:
            out.append(
                f'<text class="tick" x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 15}" '
                f'text-anchor="middle" fill="{MUTED}">{_e(_clip(key, 14))}</text>'
            )
    out.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + ph}" y2="{top + ph}" '
        f'stroke="{MUTED}"/></svg>'
    )
    return "".join(out)


def _bucket_days(days: list[tuple[date, int]]) -> tuple[list[tuple[str, int]], str]:
    """Fill the gaps between the first and last day; weeks or months when the span is long."""
    first, last = days[0][0], days[-1][0]
    span = (last - first).days
    counts = dict(days)
    if span <= 120:
        return [
            ((first + timedelta(d)).isoformat(), counts.get(first + timedelta(d), 0)) for d in range(span + 1)
        ], "day"
    if span <= 900:
        start = first - timedelta(first.weekday())
        weeks: dict[date, int] = {}
        for d, k in days:
            wk = d - timedelta(d.weekday())
            weeks[wk] = weeks.get(wk, 0) + k
        n = (last - start).days // 7 + 1
        return [
            ((start + timedelta(7 * i)).isoformat(), weeks.get(start + timedelta(7 * i), 0)) for i in range(n)
        ], "week"
    months: dict[tuple[int, int], int] = {}
    for d, k in days:
        months[(d.year, d.month)] = months.get((d.year, d.month), 0) + k
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((f"{y:04d}-{m:02d}", months.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out, "month"


def timeline(per_day: Sequence[tuple[str, int]], *, width: int = 640, height: int = 180) -> str:
    """Copies per day (per week or month over long spans) as a bar chart."""
    days = sorted((d, k) for s, k in per_day if (d := parse_day(s)) is not None)
    if not days:
        return empty_chart("No dated copies yet", width)
    series, unit = _bucket_days(days)
    return bar_chart(
        series,
        label=f"Copies per {unit}",
        unit=f"copies that {unit}" if unit == "day" else "copies",
        unit_one=f"copy that {unit}" if unit == "day" else "copy",
        width=width,
        height=height,
        cls="timeline",
    )


def histogram(bins: Sequence[tuple[str, int]], *, width: int = 520, height: int = 170) -> str:
    """The origin -> copy lag histogram (labels are the bin names)."""
    return bar_chart(
        bins,
        label="Lag between source and copy",
        unit="copies",
        width=width,
        height=height,
        every=1,
        cls="histogram",
    )


# --- network -----------------------------------------------------------------------------------
def packed_layout(n: int, edges: Sequence[tuple[int, int, float]], aspect: float = 1.5) -> np.ndarray:
    """:func:`layout` for each connected part on its own, the parts packed side by side in rows, each
    given room by its number of sites: one layout of them all drifted the small parts to the
    corners and crushed the largest into a knot of overlapping labels. Returns (n, 2) in [0, 1]."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in edges:
        parent[root(a)] = root(b)
    parts: dict[int, list[int]] = {}
    for i in range(n):
        parts.setdefault(root(i), []).append(i)
    groups = sorted(parts.values(), key=lambda g: (-len(g), g[0]))
    if len(groups) <= 1:
        return layout(n, edges)
    # shelf packing: a part of k sites gets a square of side sqrt(k), in rows; of the row widths that
    # change the packing, the one whose shape comes nearest the drawing's (``aspect``: width over
    # height), so that both axes are scaled alike and the largest part keeps its room
    sides = [math.sqrt(len(g)) for g in groups]

    def pack(width: float) -> list[tuple[float, float, float]]:
        out: list[tuple[float, float, float]] = []
        x = y = row_h = 0.0
        for side in sides:
            if x > 0 and x + side > width + 1e-9:
                x, y, row_h = 0.0, y + row_h, 0.0
            out.append((x, y, side))
            x, row_h = x + side, max(row_h, side)
        return out

    def shape(bs: list[tuple[float, float, float]]) -> float:
        w, h = max(b[0] + b[2] for b in bs), max(b[1] + b[2] for b in bs)
        return abs(math.log((w / h) / aspect))

    widths = sorted({sum(sides[:k]) for k in range(1, len(sides) + 1)})
    boxes = min((pack(w) for w in widths), key=shape)
    total_w, total_h = max(b[0] + b[2] for b in boxes), max(b[1] + b[2] for b in boxes)
    pos = np.zeros((n, 2))
    for g, (bx, by, side) in zip(groups, boxes, strict=True):
        local = {v: i for i, v in enumerate(g)}
        sub = [(local[a], local[b], w) for a, b, w in edges if a in local and b in local]
        inner = layout(len(g), sub) if len(g) > 1 else np.array([[0.5, 0.5]])
        margin = 0.12 * side
        pos[g] = np.column_stack([bx + margin + inner[:, 0] * (side - 2 * margin),
                                  by + margin + inner[:, 1] * (side - 2 * margin)])
    return pos / max(total_w, total_h)  # one scale for both axes: the parts keep their shape


def layout(n: int, edges: Sequence[tuple[int, int, float]], iterations: int = 300) -> np.ndarray:
    """Fruchterman–Reingold force layout in the unit square, started from a circle: deterministic.

    Nodes repel each other, edges pull their ends together (stronger for heavier edges) and a weak
    pull to the centre keeps unconnected parts in view. Returns an (n, 2) array in [0, 1]."""
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.array([[0.5, 0.5]])
    ang = 2 * np.pi * np.arange(n) / n
    pos = np.column_stack([np.cos(ang), np.sin(ang)]) * 0.5
    k = 1.8 * math.sqrt(1.0 / n)  # (room enough between sites for their names)
    src = np.array([a for a, _, _ in edges], dtype=int)
    dst = np.array([b for _, b, _ in edges], dtype=int)
    w = np.array([1.0 + math.log1p(x) for _, _, x in edges])
    temp = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(-1)) + 1e-6
        disp = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(1)
        if len(src):
            d = pos[src] - pos[dst]
            dd = np.sqrt((d**2).sum(-1)) + 1e-6
            f = (d / dd[:, None]) * (dd * dd / k * w)[:, None]
            np.add.at(disp, src, -f)
            np.add.at(disp, dst, f)
        disp -= pos * 0.8 * k  # gravity
        length = np.sqrt((disp**2).sum(-1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.985
    lo, hi = pos.min(0), pos.max(0)
    return np.asarray((pos - lo) / np.where(hi - lo < 1e-9, 1.0, hi - lo))


def network(
    nodes: Sequence[dict[str, Any]],
    edges: Sequence[dict[str, Any]],
    href: Callable[[str], str],
    *,
    width: int = 900,
    height: int = 600,
    ident: str = "net",
) -> str:
    """Sites as circles (area ~ articles; blue: copied by others, orange: copies others, violet: both),
    directed copy edges from source site to copying site (width ~ copies, colour ~ main relation).
    Every node is a link to ``href(site)``."""
    if not nodes:
        return empty_chart("No copy relations between sites yet", width)
    index = {nd["site"]: i for i, nd in enumerate(nodes)}
    links = [
        (index[e["source"]], index[e["target"]], float(e["weight"]), e)
        for e in edges
        if e["source"] in index and e["target"] in index
    ]
    pos = packed_layout(len(nodes), [(a, b, w) for a, b, w, _ in links if a != b], aspect=width / height)
    pad_x, pad_y = 110, 40
    # one scale for both axes, the drawing centred (a single part's layout fills the unit square)
    span = np.maximum(pos.max(0), 1e-9) if len(pos) else np.ones(2)
    scale = min((width - 2 * pad_x) / span[0], (height - 2 * pad_y) / span[1])
    off_x = pad_x + ((width - 2 * pad_x) - span[0] * scale) / 2
    off_y = pad_y + ((height - 2 * pad_y) - span[1] * scale) / 2
    xy = np.column_stack([off_x + pos[:, 0] * scale, off_y + pos[:, 1] * scale])
    radius = [min(26.0, 6.0 + 2.5 * math.sqrt(max(0, nd.get("articles", 0)))) for nd in nodes]
    out = [_open(width, height, "Copy network between sites", "network"), "<defs>"]
    for rel, colour in RELATION_COLOURS.items():
        out.append(
            f'<marker id="{ident}-{rel}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    out.append('</defs><g class="edges">')
    pairs = {(a, b) for a, b, _, _ in links}
    for a, b, w, e in links:
        if a == b:
            continue
        rel = (
            max(e["by_relation"].items(), key=lambda kv: kv[1])[0]
            if e.get("by_relation")
            else "verbatim_copy"
        )
        colour = RELATION_COLOURS.get(rel, MUTED)
        (x1, y1), (x2, y2) = xy[a], xy[b]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        bend = 0.18 * dist if (b, a) in pairs else 0.06 * dist
        mx, my = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
        sx, sy = _towards(x1, y1, mx, my, radius[a] + 2)
        ex, ey = _towards(x2, y2, mx, my, radius[b] + 4)
        sw = min(8.0, 1.2 + 1.6 * math.log2(1 + w))
        detail = ", ".join(f"{k} {r.replace('_', ' ')}" for r, k in sorted(e.get("by_relation", {}).items()))
        title = f"{nodes[a]['site']} → {nodes[b]['site']}: {int(w)} cop{'ies' if w != 1 else 'y'} ({detail})"
        out.append(
            f'<path class="edge {rel}" d="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" '
            f'fill="none" stroke="{colour}" stroke-opacity="0.7" stroke-width="{sw:.1f}" '
            f'marker-end="url(#{ident}-{rel})"><title>{_e(title)}</title></path>'
        )
    out.append('</g><g class="nodes">')
    for i, nd in enumerate(nodes):
        x, y = xy[i]
        made, copied = nd.get("copies_made", 0), nd.get("copied_by_others", 0)
        role = "both" if made and copied else ("copier" if made else "source")
        fill = {"both": "#7a5af8", "copier": "#dc6803", "source": ACCENT}[role]
        name = str(nd["site"])
        title = f"{name}: {nd.get('articles', 0)} articles, {made} copies made, copied {copied} times"
        outlet = nd.get("outlet")
        if outlet:
            title += f" (state media: {outlet})"
        anchor, lx = ("start", x + radius[i] + 4) if x < width - 160 else ("end", x - radius[i] - 4)
        link = href(name)
        out.append(
            (f'<a class="node {role}" href="{_e(link)}">' if link else f'<g class="node {role}">')
            + f"<title>{_e(title)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[i]:.1f}" fill="{fill}" '
            + (f'stroke="{STATE_MEDIA}" stroke-width="4" class="state-media"/>' if outlet
               else 'stroke="#fff" stroke-width="2"/>')
            + f'<text x="{lx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" fill="{INK}" '
            f'font-size="12">{_e(_clip(name, 32))}</text>' + ("</a>" if link else "</g>")
        )
    out.append("</g></svg>")
    return "".join(out)


def _towards(x: float, y: float, tx: float, ty: float, r: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    d = math.hypot(dx, dy) or 1.0
    return x + dx / d * r, y + dy / d * r


# --- chain dateline ------------------------------------------------------------------------------
def dateline(points: Sequence[tuple[str, str | None]], *, width: int = 640, height: int = 86) -> str:
    """The articles of a chain on a time axis: [(site label, published)], origin first."""
    dated = [(lbl, d) for lbl, s in points if (d := parse_day(s)) is not None]
    if len(dated) < 2:
        return ""
    lo = min(d for _, d in dated)
    hi = max(d for _, d in dated)
    span = max(1, (hi - lo).days)
    left, right = 16, 16
    out = [_open(width, height, "Publication dates along the chain", "dateline")]
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="40" y2="40" stroke="{MUTED}" stroke-width="1.5"/>'
    )
    used: dict[int, int] = {}
    for i, (lbl, d) in enumerate(dated):
        x = left + (width - left - right) * (d - lo).days / span
        slot = round(x / 40)
        level = used.get(slot, 0)
        used[slot] = level + 1
        colour = ACCENT if i == 0 else RELATION_COLOURS["spun_copy"]
        ty = 26 - 12 * level if i % 2 == 0 else 64 + 12 * level
        out.append(
            f'<circle cx="{x:.1f}" cy="40" r="6" fill="{colour}" stroke="#fff" stroke-width="2">'
            f"<title>{_e(lbl)}: {d.isoformat()}</title></circle>"
        )
        anchor = "start" if x - left < 90 else ("end" if width - right - x < 90 else "middle")
        out.append(
            f'<text x="{x:.1f}" y="{ty}" text-anchor="{anchor}" fill="{INK}">'
            f"{_e(_clip(lbl, 34))} · {d.isoformat()}</text>"
        )
    out.append("</svg>")
    return "".join(out)
