"""The classifier's fast paths give exactly what their plain definitions give.

tokenize vs tokenize_reference (SENTENCE_RE / TOKEN_RE sentence by sentence), the anchored
TermMatcher vs TermMatcherReference (every term tried at every position), the pre-test's
stretches, the gazetteer's first-character filter.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from streams.classify import RuleSet, default_classifier, gazetteer, hotscan, tokenize
from streams.classify.pretest import _CHUNK_RE, _PRE_TABLE
from streams.classify.terms import TermMatcher
from streams.classify.text import tokenize_reference
from tests.streams.classify_reference import TermMatcherReference

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "labelled.jsonl"
SEEDS = ROOT / "seeds" / "articles.jsonl"

TRICKY = [
    "",
    "   ",
    "Title.\nBody text. Second sentence! Third? Fourth; fifth: Sixth",
    "He said: \"They came.\" Then 'left'.) Next (one). [x]. Done",
    "Warning:\nNew line. a:b c: d e:  F g: \nH",
    "U.S. forces hit 3.5 km of road... Later \u2019quotes\u2019 and \u201cthem\u201d.",
    "don't rock'n'roll 90's 'hello' o'clock end'",
    "\u0130stanbul K\u212aelvin \u0130 \u212a",  # characters whose lower() is not one ASCII-safe character
    "a.\r\nB\x1cC.\x1c D\u00a0E.\u2028F",
    "\n\n\nonly breaks\n\n",
]


def _texts() -> list[str]:
    out = list(TRICKY)
    for f in (CORPUS, SEEDS):
        if f.exists():
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    r = json.loads(line)
                    t, b = r.get("title") or "", r.get("body") or ""
                    out.append(f"{t}.\n{b}" if t and b else t or b)
    rng = random.Random(11)
    alphabet = [
        "a",
        "B",
        "x'y",
        "'",
        '"',
        ")",
        "]",
        ".",
        "!",
        "?",
        ";",
        ":",
        " ",
        "\n",
        "\t",
        "\r",
        "\u2019",
        "\u00a0",
        "\x1c",
        "T",
        "1",
        "\u0130",
        "\u212a",
        ",",
        "-",
    ]
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    return out


def _doc_fields(d):
    return d.tokens, d.sent_of, d.sentences, d.original, d.n_sentences


def test_tokenize_equals_reference():
    for t in _texts():
        fast, ref = tokenize(t), tokenize_reference(t)
        assert _doc_fields(fast) == _doc_fields(ref), repr(t)
        assert fast.n_sentences == len(ref.sentences)


def _chunks_reference(raw: bytes) -> list[bytes]:
    """The pre-test's stretches by their plain definition: cut at "! ", "? ", "; ", line breaks,
    and at ". " unless the next byte is a lower-case letter, "(" or a space, or the stop closes an
    initialism ("U.S. ")."""
    out, start, i = [], 0, 0
    while i < len(raw):
        c = raw[i : i + 1]
        nxt = raw[i + 1 : i + 2]
        if c == b"\n":
            out.append(raw[start:i])
            start = i + 1
        elif c in (b"!", b"?", b";") and nxt == b" ":
            out.append(raw[start:i])
            start = i + 2
            i += 1
        elif c == b"." and nxt == b" ":
            after = raw[i + 2 : i + 3]
            initialism = (
                i >= 3
                and raw[i - 1 : i].isupper()
                and raw[i - 2 : i - 1] == b"."
                and raw[i - 3 : i - 2].isupper()
                and (i == 3 or not raw[i - 4 : i - 3].isalnum() and raw[i - 4 : i - 3] != b"_")
            )
            if not initialism and not (after.islower() or after in (b"(", b" ", b"\t", b"\r", b"\n")):
                out.append(raw[start:i])
                start = i + 2
                i += 1
        i += 1
    out.append(raw[start:])
    return out


def test_pretest_chunks_equal_their_definition():
    rng = random.Random(5)
    alphabet = [b".", b"!", b"?", b";", b" ", b"\n", b"a", b"A", b"U", b"(", b"\t", b"\r", b":"]
    samples = [t.encode("utf-8", "replace") for t in _texts()]
    samples += [b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for raw in samples:
        cuts = [m.span() for m in _CHUNK_RE.finditer(raw)]
        got = [
            raw[a:b]
            for a, b in zip([0] + [j for _, j in cuts], [i for i, _ in cuts] + [len(raw)], strict=True)
        ]
        assert got == _chunks_reference(raw), raw


@pytest.fixture(scope="module")
def rules():
    return default_classifier().rules


def test_anchored_matcher_equals_reference(rules):
    """Phrases made of the rules' own words (prefixes completed, '_' filled) hit the
    anchored matcher exactly where the plain matcher does."""
    rng = random.Random(3)
    vocab = sorted(
        {
            w.rstrip("*") + (rng.choice(["", "s", "ed"]) if w.endswith("*") else "")
            for t in rules.terms
            for w in t
            if w != "_"
        }
    )
    vocab += ["the", "a", "of", "x", ".", "in", "1990s"]
    ref = TermMatcherReference(rules.terms)
    texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 25))) for _ in range(60)]
    texts += [" ".join(t) for t in rules.terms[::7]]
    for text in texts:
        d = tokenize(text)
        assert rules.matcher.find(d) == ref.find(d), text


def test_anchored_matcher_on_corpus_sentences(rules):
    if not CORPUS.exists():
        pytest.skip("labelled corpus not written yet")
    ref = TermMatcherReference(rules.terms)
    recs = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    for r in recs[::40]:
        d = tokenize((r.get("title") or "") + ".\n" + (r.get("body") or "")[:400])
        assert rules.matcher.find(d) == ref.find(d)


def test_gazetteer_start_filter_keeps_every_name():
    # locate looks only at tokens that start some name: multi-word names, possessives and
    # lower-case name starts must still be found
    g = gazetteer()
    toks = tokenize(
        "Gunmen killed 5 in Maiduguri, Borno State, Nigeria's north; Iraq's army and the DR Congo. a e g l 6"
    ).original
    assert g.locate(toks) == ("NG", "Maiduguri", ["Maiduguri", "Borno", "Nigeria", "Iraq", "DR Congo"])
    country, place, ev = g.locate(tokenize("Fighting in New York's suburbs spread to Ramadi.").original)
    assert ev == ["New York", "Ramadi"]


def _shortcut_texts() -> list[str]:
    recs = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = [f"{r.get('title') or ''}.\n{r.get('body') or ''}" for r in recs]
    sport = (
        "The striker scored twice as the team won the cup final. Fans cheered the coach. "
        "The keeper was shot at from close range but saved the penalty."
    )
    texts += [
        sport,
        sport
        + " Later, gunmen shot dead the club's chairman outside the stadium.",  # the event is past the lead
        "Gunmen shot dead a minister on Monday. " + sport,  # the event leads, sport follows
        "Shares and stock markets fell. Investors feared the economy. A bomb exploded in the capital, "
        "killing 12.",
        "Assassinated president's team wins the league; shares in the club rose as fans cheered the coach.",
    ]
    return texts


def test_covering_contexts_agree_with_the_full_match(rules):
    for text in _shortcut_texts():
        d = tokenize(text)
        m = rules.match(d)
        every = set(range(d.n_sentences))
        wide = {w[0] for w in rules._wide}
        want = {name for name in wide if d.n_sentences and m.context_sentences.get(name) == every}
        assert rules.covering_contexts(d) == want, text


def test_shortcut_only_when_the_full_match_has_no_hit():
    clf = default_classifier()
    rules = clf.rules
    taken = 0
    for text in _shortcut_texts():
        d = tokenize(text)
        cov = rules.covering_contexts(d)
        if cov and not rules.pretest.may_match(text, rules.pretest.live_masks(cov)):
            taken += 1
            assert rules.match(d).hits == [], text
    assert taken >= 2  # the sport texts take it
    # a rule that honours no figurative context still fires through sport vocabulary
    c = clf.classify_text(
        "",
        "Assassinated president's team wins the league; shares in the club rose as fans cheered the coach.",
    )
    assert not any("no rule applies" in r for r in c.reasons)


def test_surely_covering_is_a_subset_of_covering(rules):
    """The tokeniser-free guess never claims a context that the tokens would not give."""
    rng = random.Random(11)
    fig = (
        sorted(w.decode() for w in rules.pretest._wide_words[0][4])[:40]
        if rules.pretest._wide_words
        else ["team"]
    )
    vocab = fig + ["attack", "killed", "bomb", "the", "team's", "o'team", "U.S.", "3.5", "said", "İstanbul"]
    seps = [
        " ",
        ". ",
        ".\n",
        "\n\n",
        "! ",
        "? ",
        "; ",
        ": ",
        ":\n",
        ". \u00a0",
        ".' ",
        ".) ",
        ", ",
        "'",
        " \u2028 ",
    ]
    texts = _shortcut_texts() + [
        "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(3, 40))) for _ in range(1500)
    ]
    taken = 0
    for text in texts:
        rules.pretest.may_match(text)
        sure = rules.pretest.surely_covering(text)
        assert sure <= rules.covering_contexts(tokenize(text)), repr(text)
        taken += bool(sure)
    assert taken > 100


def test_pretest_answers_do_not_depend_on_the_words_it_remembers():
    """The pre-test remembers frequent words that start no term; a warm and a fresh rule set
    give the same answers."""
    path = ROOT / "config" / "rules.yaml"
    warm, texts = RuleSet.from_yaml(path), _shortcut_texts()
    warm.pretest._scanner = None  # the plain way, which remembers them
    for t in texts:
        warm.pretest.may_match(t)
    assert warm.pretest._cold  # it did remember some words
    rng = random.Random(5)
    texts += [" ".join(rng.sample(t.split(), k=min(12, len(t.split())))) for t in texts]
    cold = RuleSet.from_yaml(path)  # one that forgets those words after every text
    cold.pretest._scanner = None
    for t in texts:
        assert warm.pretest.may_match(t) == cold.pretest.may_match(t), t
        cold.pretest._cold.clear()


@pytest.mark.skipif(not hotscan.available(), reason="hyperscan is not installed")
def test_term_scanner_finds_every_term_the_tokens_hold(rules):
    """Every term the token matcher finds in a text, Hyperscan finds in its pre-test bytes, ending
    in the same stretch; and a term of several words only where its plain-regex search finds it."""
    pre = rules.pretest
    scanner = pre._scanner
    terms = [rules.terms[t] for t in pre._scan_tids]
    rng = random.Random(3)
    vocab = sorted({w for t in terms for w in t if w != "_"})
    vocab = [w.rstrip("*") + ("ing" if w.endswith("*") else "") for w in vocab[:600]]
    vocab += ["a", "the", "team's", "o'clock", "U.S.", "3.5", "İstanbul"]
    seps = [" ", "  ", ", ", ". ", ".\n", "; ", "'", "-", " \u2019", ":"]
    texts = _texts()[:2500] + [
        "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(1, 30))) for _ in range(2500)
    ]
    matcher = TermMatcher(terms)  # equal to the plain reference (tested above)
    seen = 0
    for text in texts:
        low = text.encode("utf-8", "replace").lower()
        padded = b" " + low.translate(_PRE_TABLE) + b" "
        got = scanner.found(padded)
        assert got == sorted(got)
        reported = {p for _, p in got}
        want = set(matcher.find(tokenize(text)))
        assert want <= reported, (text, [terms[p] for p in want - reported])
        for _, p in got:
            if scanner.spanning[p] is not None:
                assert scanner.spanning[p](padded) is not None, (text, terms[p])
        seen += len(want)
    assert seen > 2000


def test_term_patterns_hold_the_tokens_forms():
    """A term's pattern over the pre-test bytes: apostrophes, prefixes and wildcards."""
    cases = [
        (("chief's",), " the chief s men ", True),
        (("chief",), " the chief s men ", True),
        (("beat", "_", "to", "death"), " beat team s to death ", True),
        (("beat", "_", "to", "death"), " beat to death ", False),
        (("police", "officer*"), " police   officers ", True),
        (("kill*", "_", "people"), " killer s men people ", True),
        (("kill*", "_", "people"), " killer people ", False),
        (("kill*", "people"), " killer s people ", True),
        (("air", "strike"), " air strikes ", False),
        (("air", "strike*"), " air strikes ", True),
    ]
    for words, text, want in cases:
        pattern, _, _ = hotscan.term_pattern(words)
        assert (re.search(pattern, text.encode()) is not None) == want, (words, text)


@pytest.mark.skipif(not hotscan.available(), reason="hyperscan is not installed")
def test_pretest_with_and_without_hyperscan_agree():
    """Hyperscan's pre-test says "may match" only where the plain way does (it tells a term of
    several words with a wildcard exactly, where the plain way only asks for its words), and on
    the corpus and shortcut texts the two answer the same."""
    path = ROOT / "config" / "rules.yaml"
    fast, plain = RuleSet.from_yaml(path), RuleSet.from_yaml(path)
    plain.pretest._scanner = plain.pretest._wide_scanner = None
    assert fast.pretest._scanner is not None and fast.pretest._wide_scanner is not None
    rng = random.Random(8)
    texts = _shortcut_texts()
    texts += [" ".join(rng.sample(t.split(), k=min(12, len(t.split())))) for t in texts]
    may = differ = 0
    for t in texts:
        a, b = fast.pretest.may_match(t), plain.pretest.may_match(t)
        assert b or not a, t
        differ += a != b
        if a:
            may += 1
            cov = fast.pretest.surely_covering(t)
            assert cov == plain.pretest.surely_covering(t), t
            assert fast.pretest.has_word(t, frozenset([b"protest"])) == plain.pretest.has_word(
                t, frozenset([b"protest"])
            )
            if cov:
                masks = fast.pretest.live_masks(cov)
                assert fast.pretest.may_match(t, masks) <= plain.pretest.may_match(t, masks), t
    assert 100 < may < len(texts)
    assert differ <= len(texts) // 100
