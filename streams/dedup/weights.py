"""The tf-idf of a report (IDF learned online from the index's own documents), with its names
boosted: what the index's statistics (``vocabulary.Vocab``) make of a text's features."""

from __future__ import annotations

import numpy as np

from streams.dedup.features import EMPTY_F32, EMPTY_I32, Features, TextRun, names_rule
from streams.dedup.vocabulary import Vocab


def idf_of(df: np.ndarray, n1: float | np.ndarray) -> np.ndarray:
    """The smoothed idf, log(n1 / (df + 0.5)) with n1 = documents + 1 (a scalar, or one per
    element), as a new float64 array (computed in place in it)."""
    x = df + 0.5
    np.divide(n1, x, out=x)
    np.log(x, out=x)
    return x


def idf(vocab: Vocab, tids: np.ndarray) -> np.ndarray:
    """The idf of these terms now."""
    return idf_of(vocab.df[tids], vocab.n_docs + 1.0)


def weigh(vocab: Vocab, f: Features, boost: float) -> None:
    """Count the article in the document frequencies and set its normalised tf-idf (its names'
    weights times ``boost``)."""
    vocab.n_docs += 1
    if not f.tl:
        f.w = EMPTY_F32
        return
    df = vocab.df
    tids = f.tids
    d = df[tids] + 1
    df[tids] = d
    w = idf_of(d, vocab.n_docs + 1.0).astype(np.float32)
    np.maximum(w, 0.0, out=w)
    w *= f.cnt
    if f.epos.shape[0]:
        w[f.epos] *= boost
    nrm = float(np.sqrt(np.dot(w, w)))
    f.w = w / nrm if nrm > 0 else w


def weigh_run(vocab: Vocab, tr: TextRun, boost: float) -> list[np.ndarray]:
    """``find_names`` (counting) and ``weigh`` for each article of a run, in order, computed
    together: every article of a run takes both steps, one after the other and nothing else
    reads the case counts or changes the document frequencies in between, so each article's
    values are the run's start values plus the counts of the articles before it in the run.
    Sets each article's names and tf-idf, folds the run into the case counts and returns,
    per article, its terms' document frequencies after it (``StoryIndex.match`` stores them as it
    goes: the matcher reads them)."""
    lex = vocab.lex
    tids = tr.tids
    npair = tids.shape[0]
    nd = len(tr.out)
    goff = tr.goff
    if npair == 0:
        return [EMPTY_I32] * nd
    tix = np.repeat(np.arange(nd), np.diff(goff))
    # per pair: how many earlier texts of the run have its term (and have it as a candidate name)
    order = np.sort((tids.astype(np.int64) << 32) | np.arange(npair)) & 0xFFFFFFFF  # by term, then text
    ts = tids[order]
    g = np.empty(npair, np.bool_)
    g[0] = True
    np.not_equal(ts[1:], ts[:-1], out=g[1:])
    gstart = np.maximum.accumulate(np.where(g, np.arange(npair), 0))
    prior = np.empty(npair, np.int32)
    prior[order] = np.arange(npair) - gstart
    cand = ~tr.low  # terms only capitalised in the text: the candidate names
    cs = cand[order].astype(np.int32)
    cc = cs.cumsum(dtype=np.int32)
    cprior = np.empty(npair, np.int32)
    cprior[order] = cc - cs - (cc - cs)[gstart]
    df0 = vocab.df[tids] + prior  # df when the article comes (int32)
    up = vocab.upper[tids] + cprior + 1
    cidx = cand.nonzero()[0]
    if cidx.shape[0]:
        np.add.at(vocab.upper, tids[cidx], 1)
    isname = cand & names_rule(lex, tids, df0 + 1, up)
    d = df0 + 1
    w = idf_of(d, (vocab.n_docs + 1.0 + 1.0) + tix).astype(np.float32)  # each article's own count
    np.maximum(w, 0.0, out=w)
    w *= tr.cnt
    npos = isname.nonzero()[0]
    if npos.shape[0]:
        w[npos] *= boost
    nrm = np.ones(nd, np.float32)
    dfs: list[np.ndarray] = []
    nb = npos.searchsorted(goff).tolist()  # each text's names
    epos = npos - np.array(goff)[tix[npos]]
    ents = tids[npos]
    for i, (f, _) in enumerate(tr.out):
        a, e = goff[i], goff[i + 1]
        dfs.append(d[a:e])
        if a == e:
            f.w = EMPTY_F32
            continue
        wi = w[a:e]
        v = float(np.sqrt(np.dot(wi, wi)))  # per article, as weigh does (the same sum order)
        if v > 0:
            nrm[i] = v
        f.w = wi
        if nb[i] < nb[i + 1]:
            f.epos = epos[nb[i] : nb[i + 1]]
            f.ents = ents[nb[i] : nb[i + 1]]
    w /= nrm.repeat(np.diff(goff))  # (in place: the articles' views see it)
    return dfs
