"""What the index knows of one text (``Features``): its term ids and counts, names, years and
months, shingles and MinHash, content and URL keys.

``text_features`` reads the text alone; ``find_names`` then picks the names with the index's case
statistics (``extract_features`` does both). ``text_features_batch`` gives the same features for
several texts from one numpy pass over them joined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rapidfuzz.utils import default_process

from streams.dedup.config import DedupConfig
from streams.dedup.minhash import minhash_batch, shingles
from streams.dedup.tokens import FIRST_WORD_RE, URL_RE, content_hash, hash_tokens, powers, tokenize
from streams.dedup.vocabulary import Lexicon, Vocab
from streams.textnorm import canonical_url

_ANY = np.logical_or.reduce  # ndarray.any without its Python-level wrapper


@dataclass(slots=True)
class Features:
    """What the index knows about one article's text."""

    curl: str | None
    chash: int
    tids: np.ndarray  # distinct term ids (int32, sorted)
    tl: list[int]  # the same, as a list
    cnt: np.ndarray  # their sublinear tf (title terms count once more), float32
    ents: np.ndarray  # term ids of the names (int32)
    epos: np.ndarray  # positions of the names in tids
    years: frozenset[int]
    months: int  # bit mask of the months named
    shingles: np.ndarray  # uint32 shingle hashes (MinHash input)
    short: bool
    n_tokens: int
    n_content: int = 0  # distinct terms that are not date or time words
    mh: np.ndarray | None = None  # MinHash, low 16 bits (set when candidates were checked, or by the batch)
    w: np.ndarray | None = None  # L2-normalised tf-idf of tids (set by the index)


EMPTY_F32 = np.zeros(0, np.float32)
_NOPOS = np.zeros(0, np.intp)
_NOSH = np.zeros(0, np.uint32)
EMPTY_I32 = np.zeros(0, np.int32)
_LOG1P = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 4096)], dtype=np.float32)
_PAIR_VOCAB: Vocab | None = None  # statistics-free use (near_duplicate)


def extract_features(
    title: str,
    body: str,
    url: object | None,
    cfg: DedupConfig,
    vocab: Vocab | None = None,
    count: bool = False,
) -> Features:
    """Features of a text. ``count``: fold the article into the vocabulary's case statistics."""
    if vocab is None:
        global _PAIR_VOCAB
        if _PAIR_VOCAB is None:
            _PAIR_VOCAB = Vocab()
        vocab = _PAIR_VOCAB
    f, low = text_features(title, body, url, cfg, vocab.lex)
    vocab.fit()
    find_names(f, low, vocab, count)
    return f


def text_features(
    title: str, body: str, url: object | None, cfg: DedupConfig, lex: Lexicon
) -> tuple[Features, np.ndarray]:
    """The features that depend on the text alone (not on the index's statistics): everything but
    the names. Also returns the term ids with an occurrence not capitalised (``find_names``)."""
    text = f"{title}\n{body}" if title else body
    s, starts, ends, h, caps = tokenize(text)
    chash = content_hash(h)
    ids = lex.ids(s, h, (starts, ends))
    keep = ids >= 0
    seq = ids[keep]
    ns = seq.shape[0]
    curl = canonical_url(url)
    if ns == 0:
        return Features(
            curl=curl,
            chash=chash,
            tids=seq,
            tl=[],
            cnt=EMPTY_F32,
            ents=seq,
            epos=_NOPOS,
            years=frozenset(),
            months=0,
            shingles=_NOSH,
            short=ns < cfg.short_text_tokens,
            n_tokens=0,
        ), seq
    # distinct term ids (sorted) and their counts
    srt = seq.copy()
    srt.sort()
    f = np.empty(ns + 1, np.bool_)
    f[0] = f[ns] = True
    np.not_equal(srt[1:], srt[:-1], out=f[1:ns])
    bnd = f.nonzero()[0]
    tids = srt[bnd[:-1]]
    counts = bnd[1:] - bnd[:-1]
    if title and body:
        nt = int(starts.searchsorted(len(title)))  # tokens of the title
        tt = ids[:nt]
        tt = tt[tt >= 0]
        if tt.shape[0]:
            counts[tids.searchsorted(tt)] += 1  # repeated indices add once
    cnt = _LOG1P[counts] if ns < 4095 else _LOG1P[np.minimum(counts, 4095)]
    short = ns < cfg.short_text_tokens
    sh = shingles(lex.hash[seq], short)
    low = seq[~caps[keep]]  # terms with an occurrence not capitalised
    years: frozenset[int] = frozenset()
    months = 0
    sp = lex.special[tids]
    if _ANY(sp):
        st_ = tids[sp]
        yv = lex.year[st_]
        years = frozenset(yv[yv > 0].tolist())
        months = int(np.bitwise_or.reduce(lex.month[st_]))
    return Features(
        curl=curl,
        chash=chash,
        tids=tids,
        tl=tids.tolist(),
        cnt=cnt,
        ents=EMPTY_I32,
        epos=_NOPOS,
        years=years,
        months=months,
        shingles=sh,
        short=short,
        n_tokens=ns,
        n_content=int(tids.shape[0] - np.count_nonzero(lex.timew[tids])),
    ), low


def text_features_batch(
    docs: list[tuple[str, str, object | None]], cfg: DedupConfig, lex: Lexicon
) -> list[tuple[Features, np.ndarray]]:
    """``text_features`` of several texts at once, in order: the same features (and the same
    new term ids, assigned in the same order as one call per text would) from one numpy pass over
    the texts joined by spaces; per text, only slicing. Every feature also gets its MinHash
    (``Features.mh``)."""
    return text_run(docs, cfg, lex).out


@dataclass(slots=True)
class TextRun:
    """The text features of a run of articles, and the same as flat arrays over the (text, term)
    pairs, text by text, terms sorted (``weights.weigh_run`` works on those)."""

    out: list[tuple[Features, np.ndarray]]
    tids: np.ndarray  # term of each pair (int32)
    goff: list[int]  # first pair of each text (and the end)
    cnt: np.ndarray  # sublinear tf of each pair (float32)
    low: np.ndarray  # the pair's term has an occurrence not capitalised in the text (bool)


def text_run(docs: list[tuple[str, str, object | None]], cfg: DedupConfig, lex: Lexicon) -> TextRun:
    texts: list[str] = []
    procs: list[str] = []
    leads: list[int] = []
    for title, body, _ in docs:
        text = f"{title}\n{body}" if title else body
        if "http" in text or "www." in text:
            text = URL_RE.sub(" ", text)
        texts.append(text)
        procs.append(default_process(text))
        m = FIRST_WORD_RE.search(text)
        leads.append(m.start() if m is not None else 0)
    nd = len(docs)
    slen = np.fromiter(map(len, procs), np.int64, count=nd)
    soff = np.zeros(nd + 1, np.int64)  # start of each text in the joined string (+1: its space)
    np.cumsum(slen + 1, out=soff[1:])
    s = " ".join(procs)
    cp, starts, ends, h = hash_tokens(s)
    nt = starts.shape[0]
    toff = starts.searchsorted(soff)  # first token of each text (and the end)
    ntok = np.diff(toff)
    tix = np.repeat(np.arange(nd), ntok)  # the text of each token
    # content hashes: per text, sum of h * P**(token index in the text), + the token count
    ph = h * powers(nt)[np.arange(nt) - toff[:-1].repeat(ntok)]
    nz = ntok > 0
    csum = np.zeros(nd, np.uint64)
    if nt:
        csum[nz] = np.add.reduceat(ph, toff[:-1][nz])
    chashes = (csum ^ ntok.view(np.uint64)).tolist()
    # capitalised: the original character differs from its lower-cased form
    o = "".join(texts)
    ocp = np.frombuffer(o.encode("utf-32-le"), np.uint32)
    olen = np.fromiter(map(len, texts), np.int64, count=nd)
    ooff = np.zeros(nd, np.int64)
    np.cumsum(olen[:-1], out=ooff[1:])
    lead = np.array(leads, np.int64)
    okc = lead + slen <= olen
    pos = starts + (ooff + lead - soff[:-1])[tix]
    caps = ocp[np.where(okc[tix], pos, 0)] != cp[starts]
    caps &= okc[tix]
    ids = lex.ids(s, h, (starts, ends))
    keep = ids >= 0
    seq = ids[keep]
    stix = tix[keep]
    koff = np.zeros(nd + 1, np.int64)  # kept tokens per text
    np.cumsum(np.bincount(stix, minlength=nd), out=koff[1:])
    # title tokens: those before len(title) in the text's own positions
    tmark = np.zeros(nt + 1, np.int32)
    for i, (title, body, _) in enumerate(docs):
        if title and body and ntok[i]:
            a = int(toff[i])
            e = min(int(starts.searchsorted(soff[i] + len(title))), int(toff[i + 1]))
            if e > a:
                tmark[a] += 1
                tmark[e] -= 1
    tflag = tmark.cumsum()[:nt][keep] > 0
    # distinct terms per text and their counts: one sort of (text, term, title flag, lower-case flag)
    lowflag = ~caps[keep]
    key = (stix.astype(np.int64) << 34) | (seq.astype(np.int64) << 2) | (tflag.view(np.int8) << 1) | lowflag
    key.sort()
    gk = key >> 2
    ns = key.shape[0]
    f = np.empty(ns + 1, np.bool_)
    f[0] = f[ns] = True
    np.not_equal(gk[1:], gk[:-1], out=f[1:ns])
    bnd = f.nonzero()[0]
    flags = np.bitwise_or.reduceat(key & 3, bnd[:-1]) if ns else key
    tids_all = (gk[bnd[:-1]] & 0xFFFFFFFF).astype(np.int32)
    counts = bnd[1:] - bnd[:-1] + (flags >> 1)  # title terms count once more
    cnt_all = _LOG1P[np.minimum(counts, 4095)]
    goff = np.zeros(nd + 1, np.int64)
    np.cumsum(np.bincount((gk[bnd[:-1]] >> 32), minlength=nd), out=goff[1:])
    low_all = seq[lowflag]
    loff = np.zeros(nd + 1, np.int64)
    np.cumsum(np.bincount(stix[lowflag], minlength=nd), out=loff[1:])
    # years and months
    yrs: dict[int, set[int]] = {}
    mos: dict[int, int] = {}
    sp = lex.special[tids_all].nonzero()[0]
    if sp.shape[0]:
        gt = (gk[bnd[:-1]] >> 32)[sp].tolist()
        for i, y, mo in zip(
            gt, lex.year[tids_all[sp]].tolist(), lex.month[tids_all[sp]].tolist(), strict=True
        ):
            if y > 0:
                yrs.setdefault(i, set()).add(y)
            mos[i] = mos.get(i, 0) | mo
    # shingles (word 3-grams of the kept tokens, or unigrams + bigrams for short texts)
    hs = lex.hash[seq]
    tri = shingles(hs, False) if ns > 2 else _NOSH  # word 3-grams
    short_n = cfg.short_text_tokens
    kl = koff.tolist()
    # date and time words per text (n_content = distinct terms - those)
    tw = np.zeros(tids_all.shape[0] + 1, np.int64)
    np.cumsum(lex.timew[tids_all], out=tw[1:])
    twl = tw.tolist()
    shs: list[np.ndarray] = []
    out: list[tuple[Features, np.ndarray]] = []
    gl, ll = goff.tolist(), loff.tolist()
    for i, (_, _, url) in enumerate(docs):
        a, e = kl[i], kl[i + 1]
        k = e - a
        curl = canonical_url(url)
        short = k < short_n
        if k == 0:
            fe = Features(
                curl=curl,
                chash=chashes[i],
                tids=EMPTY_I32,
                tl=[],
                cnt=EMPTY_F32,
                ents=EMPTY_I32,
                epos=_NOPOS,
                years=frozenset(),
                months=0,
                shingles=_NOSH,
                short=short,
                n_tokens=0,
            )
            out.append((fe, EMPTY_I32))
            shs.append(_NOSH)
            continue
        if not short and k >= 3:
            sh = tri[a : e - 2]
        else:
            sh = shingles(hs[a:e], short)
        shs.append(sh)
        ga, ge = gl[i], gl[i + 1]
        tids = tids_all[ga:ge]
        y = yrs.get(i)
        fe = Features(
            curl=curl,
            chash=chashes[i],
            tids=tids,
            tl=tids.tolist(),
            cnt=cnt_all[ga:ge],
            ents=EMPTY_I32,
            epos=_NOPOS,
            years=frozenset(y) if y else frozenset(),
            months=mos.get(i, 0),
            shingles=sh,
            short=short,
            n_tokens=k,
            n_content=(ge - ga) - (twl[ge] - twl[ga]),
        )
        out.append((fe, low_all[ll[i] : ll[i + 1]]))
    mhs = minhash_batch(shs, cfg.num_perm)
    for (fe, _), mh in zip(out, mhs, strict=True):
        fe.mh = mh
    return TextRun(out=out, tids=tids_all, goff=gl, cnt=cnt_all, low=(flags & 1).astype(np.bool_))


def names_rule(lex: Lexicon, tids: np.ndarray, df: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Which of these capitalised terms are names: not a common word, and the documents with the
    term in lower case (``df - upper``) at most a third of those with it only capitalised."""
    return ~lex.stop[tids] & (df - upper <= upper // 3)


def drop_background_dates(f: Features, cfg: DedupConfig) -> None:
    """A report naming more than ``years_max`` years (a career, a history) or ``months_max`` months
    (a timeline) is not dated by them: it takes no years or months penalty and gives its story
    none."""
    if len(f.years) > cfg.years_max:
        f.years = frozenset()
    if f.months.bit_count() > cfg.months_max:
        f.months = 0


def find_names(f: Features, low: np.ndarray, vocab: Vocab, count: bool) -> None:
    """Set the article's names: words capitalised wherever they occur in this text and rarely seen
    in lower case in the index's documents. ``count``: fold the article into those statistics."""
    tids = f.tids
    if not tids.shape[0]:
        return
    lex = vocab.lex
    mark = lex.mark
    mark[low] = True
    epos = (~mark[tids]).nonzero()[0]
    mark[low] = False
    ct = tids[epos]
    if ct.shape[0]:
        up = vocab.upper[ct]
        if count:
            up += 1
            vocab.upper[ct] = up
        keep = names_rule(lex, ct, vocab.df[ct] + int(count), up)
        epos = epos[keep]
        ct = ct[keep]
    f.ents, f.epos = ct, epos
