"""The classifier: what happened, how urgent, how many casualties, where, and why.

Modules, lowest first: `schema` (the models of config/rules.yaml), `text` (sentences and
tokens: `Doc`, `tokenize`), `terms` (term syntax, `TermMatcher`), `pretest` (the byte-level
test of which rules may fire), `ruleset` (`RuleSet`: rules compiled and matched), `counts`
(casualty figures), `gazetteer` (place names -> country), `engine` (`Classifier`).
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
