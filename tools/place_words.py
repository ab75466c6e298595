#!/usr/bin/env python3
"""Write streams/classify/place_words.tsv: the one-word city names and the region names (first-level
subdivisions) of the gazetteer that are also common words of a language, with their best frequency
rank.

    pip install pyspellchecker==0.9.1 && python -m tools.place_words [--max-rank 20000]

The word lists are pyspellchecker's frequency lists (built from OpenSubtitles) for English,
Spanish, French, Italian, Portuguese, German and Dutch, the languages of most posts the gazetteer
reads. A city name (GeoNames' main name or one of its alternate names) whose lower-case form ranks
within ``--max-rank`` words of one of them is written with its best rank and the languages: "More"
(an alternate name of Mora, Cameroon; English rank 95), "Solo" (Surakarta), "Van" (Van, Turkey).
The gazetteer reads such a city name as a place only with a locative cue, and leaves such a region
name out ("Plateau", "Rivers", "Far North"; streams/classify/gazetteer.py).
Nothing here comes from the evaluation data: it is the gazetteer against word lists.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from streams.classify.gazetteer import Gazetteer

LANGUAGES = ("en", "es", "fr", "it", "pt", "de", "nl")
OUT = Path(__file__).resolve().parent.parent / "streams" / "classify" / "place_words.tsv"


def main(argv: list[str] | None = None) -> int:
    from spellchecker import SpellChecker  # a dev-only dependency

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-rank", type=int, default=20000)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    ranks: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        freq = SpellChecker(language=lang, distance=1).word_frequency.dictionary
        top = sorted(freq.items(), key=lambda wc: (-wc[1], wc[0]))[: args.max_rank]
        ranks[lang] = {w: i + 1 for i, (w, _) in enumerate(top)}
    g = Gazetteer(common_rank=0)
    rows = []
    for key, place in g.index.items():
        if not (len(key) == 1 and place.kind in ("city", "town") or place.kind == "region"):
            continue
        word = " ".join(key)
        # a name of several words ("Far North", "Cross River") is common when each of its words is
        # in one language's list: its rank there is its rarest word's
        found = {
            lang: max(r[w.lower()] for w in key)
            for lang, r in ranks.items()
            if all(w.lower() in r for w in key)
        }
        if found:
            langs = ",".join(f"{lang}:{rank}" for lang, rank in sorted(found.items(), key=lambda x: x[1]))
            rows.append((min(found.values()), word, place.name, place.country, langs))
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# word\tbest rank\tplace\tcountry\trank by language (tools/place_words.py)\n")
        for rank, word, name, ctry, langs in rows:
            fh.write(f"{word}\t{rank}\t{name}\t{ctry}\t{langs}\n")
    print(f"{len(rows)} names written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
