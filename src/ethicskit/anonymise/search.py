"""The search of the generalisation lattice for the extract that loses least.

A *node* of the lattice is one level per quasi-identifier, ``(l_1, ..., l_q)`` with
``0 <= l_i <= height_i``. At a node every row falls in an equivalence class (the rows sharing
every generalised value, a missing value being a value of its own). Classes with fewer than
``k_min`` rows, or, with a sensitive attribute, fewer than ``l_min`` distinct non-null
sensitive values, are *suppressed*: their rows are left out of the extract. A node is
*feasible* when it suppresses at most ``max_suppression`` of the rows (default 5%) and keeps
at least one.

Every node is evaluated (the lattice of the defaults has tens to a few hundred nodes; more than
:data:`MAX_NODES` is an input error) and the feasible node of least loss is chosen. The loss is
the normalised certainty penalty (NCP, Xu et al. 2006) over rows and quasi-identifiers, a
suppressed row costing 1 on every quasi-identifier:

.. math:: \\mathrm{NCP} = \\frac{1}{n\\,q} \\Big( \\sum_{r \\in \\text{kept}} \\sum_{i=1}^{q}
          \\mathrm{NCP}_i(r) + q \\cdot |\\text{suppressed}| \\Big)

(0: the data as they are; 1: nothing left). Ties go to the smaller discernibility metric
(Bayardo & Agrawal 2005),

.. math:: \\mathrm{DM} = \\sum_{E \\text{ kept}} |E|^2 + n \\cdot |\\text{suppressed}|,

then to the lower node (sum of levels), then to the first in lattice order. Both measures are
reported.

The search counts rows; given ``weights`` (:func:`search`), each of its rows is an engine's
cell of identical quasi-identifier and sensitive values standing for ``weights[i]`` rows, and
every measure is the one of those rows: a class's size is the sum of its cells' weights (the
rows of a class are the rows of its cells, a cell lying whole in one class since the class
depends only on the cell's values), the suppressed rows the sum of the suppressed classes'
sizes, the NCP sum a sum over cells of the cell's penalty times its weight (every row of a cell
has the cell's penalty), DM the squares of those sizes, and l the distinct sensitive values of
the class's cells (the same values as its rows'). Only the order of the float additions of the
NCP differs from the rows' (to the last bits).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ethicskit.anonymise.hierarchies import Hierarchy
from ethicskit.errors import InputError

MAX_NODES = 20_000
DEFAULT_MAX_SUPPRESSION = 0.05


@dataclass
class Node:
    """One node of the lattice, evaluated."""

    levels: tuple[int, ...]
    k: int                    # the smallest class before suppression
    suppressed: int           # rows in classes below k_min (or l_min)
    k_after: int              # the smallest kept class (0 when nothing is kept)
    l_after: int | None       # the smallest l of the kept classes (None: no sensitive attribute)
    classes: int              # kept classes
    loss: float               # NCP, suppressed rows included
    discernibility: float
    feasible: bool
    keep: np.ndarray | None = None  # rows kept (only for the chosen node)

    @property
    def height(self) -> int:
        return sum(self.levels)


def class_ids(hierarchies: list[Hierarchy], levels, n: int) -> np.ndarray:
    """The class of every row at ``levels``: the groups combined in mixed radix, renumbered
    whenever the product could overflow."""
    ids = np.zeros(n, dtype=np.int64)
    size = 1
    for h, level in zip(hierarchies, levels):
        codes = h.codes(level)
        radix = int(h.groups[level].max(initial=0)) + 1
        if size * radix >= 2 ** 62:
            ids = pd.factorize(ids)[0].astype(np.int64)
            size = int(ids.max(initial=0)) + 1
        ids = ids * radix + codes
        size *= radix
    return pd.factorize(ids)[0].astype(np.int64)


def distinct_per_class(ids: np.ndarray, sensitive: np.ndarray, n_classes: int) -> np.ndarray:
    """Distinct non-null sensitive values (codes >= 0) in every class."""
    known = sensitive >= 0
    width = int(sensitive.max(initial=0)) + 1
    pairs = pd.unique(ids[known] * width + sensitive[known])
    return np.bincount(pairs // width, minlength=n_classes)


def evaluate(hierarchies: list[Hierarchy], levels, *, n: int, k_min: int, l_min: int,
             sensitive: np.ndarray | None, max_suppression: float,
             keep_rows: bool = False, weights: np.ndarray | None = None) -> Node:
    """Evaluate one node (see the module docstring for the rules and measures).

    ``n`` is the number of rows; with ``weights`` (int64, one per cell, summing to ``n``) the
    hierarchies' slots, ``sensitive`` and ``keep`` are per cell and every count is of rows."""
    if weights is None:
        ids = class_ids(hierarchies, levels, n)
        sizes = np.bincount(ids)
    else:
        ids = class_ids(hierarchies, levels, len(weights))
        sizes = np.zeros(int(ids.max(initial=-1)) + 1, dtype=np.int64)
        np.add.at(sizes, ids, weights)
    bad = sizes < k_min
    l_class = None
    if sensitive is not None:
        l_class = distinct_per_class(ids, sensitive, len(sizes))
        bad |= l_class < l_min
    bad_row = bad[ids]
    suppressed = int(sizes[bad].sum())
    kept_sizes = sizes[~bad]
    q = max(len(hierarchies), 1)
    if weights is None:
        penalty = sum((h.row_penalty(level)[~bad_row].sum() for h, level in
                       zip(hierarchies, levels)), 0.0)
    else:
        kept_weights = weights[~bad_row].astype(np.float64)
        penalty = sum((float(h.row_penalty(level)[~bad_row] @ kept_weights) for h, level in
                       zip(hierarchies, levels)), 0.0)
    loss = (float(penalty) + q * suppressed) / (n * q) if len(hierarchies) else (
        suppressed / n)
    dm = float((kept_sizes.astype(np.float64) ** 2).sum()) + float(n) * suppressed
    kept = n - suppressed
    return Node(levels=tuple(int(x) for x in levels), k=int(sizes.min()),
                suppressed=suppressed, k_after=int(kept_sizes.min()) if kept else 0,
                l_after=(int(l_class[~bad].min()) if kept else 0) if l_class is not None
                else None, classes=int((~bad).sum()), loss=loss, discernibility=dm,
                feasible=kept > 0 and suppressed <= max_suppression * n,
                keep=~bad_row if keep_rows else None)


def lattice(hierarchies: list[Hierarchy]) -> list[tuple[int, ...]]:
    """Every node, lowest first (by sum of levels, then lexicographically)."""
    size = int(np.prod([h.height + 1 for h in hierarchies])) if hierarchies else 1
    if size > MAX_NODES:
        raise InputError(f"the generalisation lattice has {size:,} nodes (at most {MAX_NODES:,}):"
                         f" declare fewer levels under anonymise: hierarchies")
    nodes = list(itertools.product(*[range(h.height + 1) for h in hierarchies]))
    return sorted(nodes, key=lambda node: (sum(node), node))


def search(hierarchies: list[Hierarchy], *, n: int, k_min: int, l_min: int,
           sensitive: np.ndarray | None,
           max_suppression: float = DEFAULT_MAX_SUPPRESSION,
           weights: np.ndarray | None = None) -> tuple[Node | None, list[Node]]:
    """``(best, nodes)``: every node evaluated, and the feasible node of least loss (None when
    no node is feasible). ``weights``: the rows each cell stands for (:func:`evaluate`)."""
    if weights is not None:
        weights = np.asarray(weights, dtype=np.int64)
    nodes = [evaluate(hierarchies, levels, n=n, k_min=k_min, l_min=l_min, sensitive=sensitive,
                      max_suppression=max_suppression, weights=weights)
             for levels in lattice(hierarchies)]
    feasible = [node for node in nodes if node.feasible]
    if not feasible:
        return None, nodes
    best = min(feasible, key=lambda node: (round(node.loss, 12), node.discernibility,
                                           node.height))
    chosen = evaluate(hierarchies, best.levels, n=n, k_min=k_min, l_min=l_min,
                      sensitive=sensitive, max_suppression=max_suppression, keep_rows=True,
                      weights=weights)
    return chosen, nodes


def node_table(hierarchies: list[Hierarchy], nodes: list[Node], *, n: int,
               display=lambda c: c, chosen: tuple[int, ...] | None = None) -> pd.DataFrame:
    """One row per node: the level of each quasi-identifier (by name), ``height``, ``k``
    before suppression, rows ``suppressed`` to reach ``k_min``/``l_min`` and their ``share``,
    ``k_after``, ``l_after``, ``loss`` (NCP), ``discernibility``, ``feasible``, ``chosen``."""
    rows = []
    for node in nodes:
        row = {display(h.column): h.names[level] for h, level in zip(hierarchies, node.levels)}
        row.update(node=" / ".join(f"{display(h.column)}: {h.names[level]}"
                                   for h, level in zip(hierarchies, node.levels)) or "(none)",
                   height=node.height, k=node.k, suppressed=node.suppressed,
                   share=node.suppressed / n if n else 0.0, k_after=node.k_after,
                   l_after=node.l_after, loss=node.loss, discernibility=node.discernibility,
                   feasible=node.feasible, chosen=node.levels == chosen)
        rows.append(row)
    return pd.DataFrame(rows)
