"""The classifier: what happened, how urgent, how many casualties, where, and why.

Modules, lowest first: `schema` (the models of config/rules.yaml), `text` (sentences and
tokens: `Doc`, `tokenize`), `terms` (term syntax, `TermMatcher`), `pretest` (the byte-level
test of which rules may fire), `ruleset` (`RuleSet`: rules compiled and matched), `counts`
(casualty figures in English) and `counts_intl` (in Spanish and French), `gazetteer` (place
names -> country), `language` (which language, and the text as a pack reads it), `model` (the
statistical layer: hashed n-grams, shipped weights), `decide` (rules and model combined, the
reasons), `engine` (`Classifier`: the language packs, counts, severity).
"""

from streams.classify.counts import count_casualties, parse_number
from streams.classify.engine import Classifier, default_classifier
from streams.classify.gazetteer import gazetteer
from streams.classify.ruleset import RuleSet
from streams.classify.schema import RuleFile
from streams.classify.text import TOKEN_RE, tokenize

__all__ = [
    "TOKEN_RE",
    "Classifier",
    "RuleFile",
    "RuleSet",
    "count_casualties",
    "default_classifier",
    "gazetteer",
    "parse_number",
    "tokenize",
]
