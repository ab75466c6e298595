"""The statistical layer: the shipped weights, the features' one definition, the frozen split,
and the training script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from streams.classify.model import MODEL_PATH, LinearModel, features, fold, lead, words
from streams.taxonomy import load_taxonomy
from tools import classifier_data

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def model() -> LinearModel:
    return LinearModel.load()


TEXTS = [
    "Gunmen attacked a police post in Kidal; two soldiers were killed.",
    "Explosión de un coche bomba en Bogotá deja al menos doce muertos",
    "L'armée a repris le contrôle de Kidal après des combats.",
    "",
    "Markets rallied on Friday as investors cheered the results. " * 30,
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_scores_are_the_features_sum(model, text):
    f = features(text)
    expected = model.W[f].sum(axis=0) / np.sqrt(len(f)) + model.bias if f else model.bias
    assert np.allclose(model.scores(text), expected, atol=1e-4)
    assert np.allclose(model.scores(text), expected, atol=1e-4)  # again, from the word cache


def test_probabilities_cover_the_taxonomy_and_add_up(model):
    assert set(model.classes) == set(load_taxonomy()) | {"none"}
    p = model.proba(lead("Car bomb kills 12 in Kabul", "A car bomb exploded near a market."))
    assert sum(p.values()) == pytest.approx(1.0)
    assert max(p, key=p.get) == "bombing"
    q = model.proba("The central bank left interest rates unchanged on Thursday.")
    assert max(q, key=q.get) == "none"


def test_the_model_reads_folded_words():
    assert fold("Explosión l’armée") == "explosion l armee"
    assert words("12 muertos") == ["0", "muertos"]


def test_the_frozen_split_is_a_quarter_and_stable():
    assert classifier_data.frozen("", "A car bomb exploded.") == classifier_data.frozen(
        "", "A car bomb exploded."
    )
    for lang, path in classifier_data.CORPORA.items():
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        share = sum(classifier_data.frozen(r["title"], r["body"]) for r in recs) / len(recs)
        assert 0.15 < share < 0.35, (lang, share)


def test_the_readme_states_the_split_as_the_code_makes_it():
    readme = (ROOT / "tests" / "corpus" / "README.md").read_text(encoding="utf-8")
    for path in classifier_data.CORPORA.values():
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        n = sum(classifier_data.frozen(r["title"], r["body"]) for r in recs)
        assert f"`{path.name}`: {n} of {len(recs)}" in readme


@pytest.mark.skipif(not EVAL.exists(), reason="needs ../shared/eval")
def test_the_shipped_weights_were_trained_on_the_data_as_it_is():
    """The training script's fingerprint of its training data (every item and setting) is the
    one stored with the weights: data or settings changed means the weights must be retrained
    (python -m tools.train_classifier)."""
    pytest.importorskip("sklearn")
    from tools import train_classifier

    with np.load(MODEL_PATH) as z:
        stored = str(z["fingerprint"])
        c = float(z["C"])
    items = classifier_data.all_items(EVAL)
    assert train_classifier.fingerprint(items, c, 5) == stored


def test_the_training_script_runs_on_a_small_sample(tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "m.npz"
    oof = tmp_path / "oof.jsonl"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.train_classifier",
            "--sample",
            "240",
            "--folds",
            "2",
            "--out",
            str(out),
            "--oof",
            str(oof),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    m = LinearModel.load(out)
    assert set(m.classes) == set(load_taxonomy()) | {"none"}
    assert 0.05 < m.temperature < 20
    rows = [json.loads(x) for x in oof.read_text().splitlines()]
    assert rows and all(abs(sum(d["p"].values()) - 1) < 1e-6 for d in rows)
