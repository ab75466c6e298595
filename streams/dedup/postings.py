"""The inverted index of the story index: per term id, the slots of the stories indexed under it.

One int32 table (term id x ``posting_cap`` slots, oldest first, -1 after them), so an article's
posting lists are gathered in one step and its hits summed per story in numpy, with no Python
object per posting; the lists are capped (a full list drops its oldest slot), so the cost per
article does not grow with the state.
"""

from __future__ import annotations

import numpy as np

_ANY = np.logical_or.reduce  # ndarray.any without its Python-level wrapper
_STEP = 4096  # rows written at a time as the vocabulary grows


class Postings:
    def __init__(self, cap: int) -> None:
        self.post = np.full((1 << 14, cap), -1, np.int32)
        self.plen = np.zeros(1 << 14, np.int32)
        self.filled = 1 << 14  # rows written with -1; the rows after them are not written yet

    def fit(self, n_terms: int) -> None:
        """Room for term ids below ``n_terms``. The table's rows are written (-1) in steps as the
        terms come, not when it doubles: the rows it reserves are not resident until needed."""
        if n_terms <= self.filled:
            return
        if n_terms > self.plen.shape[0]:
            cap = max(2 * self.plen.shape[0], n_terms)
            post = np.empty((cap, self.post.shape[1]), np.int32)
            post[: self.filled] = self.post[: self.filled]
            plen = np.zeros(cap, np.int32)
            plen[: self.plen.shape[0]] = self.plen
            self.post, self.plen = post, plen
        end = min(self.plen.shape[0], max(n_terms, self.filled + _STEP))
        self.post[self.filled : end] = -1
        self.filled = end

    def add(self, slot: int, terms: list[int]) -> None:
        """Append the slot to the lists of these terms (new to it; fitted)."""
        post, plen = self.post, self.plen
        cap = post.shape[1]
        tt = np.array(terms, np.intp)
        n = plen[tt]
        full = n >= cap
        if _ANY(full):  # a full list drops its oldest slot
            tf = tt[full]
            post[tf, :-1] = post[tf, 1:]
            n[full] = cap - 1
        post[tt, n] = slot
        plen[tt] = n + 1

    def remove(self, slot: int, terms: np.ndarray) -> None:
        """Take the slot out of the lists of these terms (where a full list has not dropped it yet)."""
        rows = self.post[terms]
        hit = rows == slot
        has = hit.any(axis=1)  # not pushed out of a full list already
        if _ANY(has):
            tt, rows, hit = terms[has], rows[has], hit[has]
            # drop the slot from each list, keeping the order: the others move up by one
            rows = np.take_along_axis(rows, hit.argsort(axis=1, kind="stable"), axis=1)
            rows[:, -1] = -1
            self.post[tt] = rows
            self.plen[tt] -= 1

    def top(self, q: np.ndarray, wq: np.ndarray, k: int) -> list[int]:
        """The (at most ``k``) slots with the highest sums of the weights ``wq`` of the query terms
        ``q`` they are listed under, best first, ties in the order of the first hit (the order of
        all when there are no more than ``k``). The terms must be fitted."""
        rows = self.post[q]
        flat = rows[rows >= 0]  # every posting list in query order, oldest first: one hit each
        m = flat.shape[0]
        if m == 0:
            return []
        order = flat.argsort(kind="stable")
        fs = flat[order]
        brk = np.empty(m + 1, np.bool_)
        brk[0] = brk[m] = True
        np.not_equal(fs[1:], fs[:-1], out=brk[1:m])
        st = brk.nonzero()[0][:-1]  # first position of each story in fs
        first = order[st]  # its first hit in query order
        if st.shape[0] <= k:
            first.sort()
            return flat[first].tolist()
        # per story, the weights of its hits added in query order, one by one from 0.0 in float64
        # (bincount's loop; the stable sort keeps each story's hits in query order), as a Python
        # loop over the hits would
        grp = np.add.accumulate(brk[:m].view(np.int8), dtype=np.intp)
        grp -= 1
        sums = np.bincount(grp, weights=wq.repeat(self.plen[q])[order], minlength=st.shape[0])
        fo = first.argsort()  # stories in first-hit order
        pick = fo[(-sums[fo]).argsort(kind="stable")[:k]]  # highest sum first, ties: first hit first
        return fs[st[pick]].tolist()
