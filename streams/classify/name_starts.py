"""Two words next to each other in a place name of more than one word the gazetteer knows ("San Miguel",
"New York", "Dera Ismail Khan"): a line wrapped between them (text.py `tidy`) is one name, not two
sentences."""

from __future__ import annotations

from functools import lru_cache

from streams.classify.gazetteer import gazetteer

# words that open a sentence of their own, never a name's second word after a wrap
_OPENERS = frozenset("The A An He She It They We I In On At But And Police Officials".split())


@lru_cache(maxsize=1)
def name_starts() -> frozenset[tuple[str, str]]:
    return frozenset(
        (k[i], k[i + 1]) for k in gazetteer().index for i in range(len(k) - 1) if k[i + 1] not in _OPENERS
    )


def name_across(line_end: str, line_start: str) -> bool:
    """Are the last word of one line and the first word of the next, both capitalised, two words next
    to each other in a place name?"""
    a = line_end.rstrip(" ").rpartition(" ")[2]
    b = line_start.lstrip(" ").partition(" ")[0].rstrip(",.;:)'\"")
    if not (a[:1].isupper() and b[:1].isupper() and a.isalpha() and b.isalpha()):
        return False
    return (a, b) in name_starts()
