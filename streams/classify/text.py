"""Text into sentences and tokens: the `Doc` that rules are matched on.

Tokens are ``TOKEN_RE`` words, lower-cased; sentences end at ``SENTENCE_RE`` breaks (". ",
"! ", "? ", "; " and the like, line breaks, ": " before a capital). A full stop ends no sentence
when the next word starts in lower case or with "(" ("Mass. (AP)", "Corp. said"), nor when it
closes an initialism of capitals ("the U.S. missile defense system", "U.N. envoy"): abbreviations
of agency copy, which would cut a sentence (and its context or exception words) in two. ``tokenize`` finds the
breaks with one class-led regex and reads the original-case tokens and the sentence texts
only when asked; ``tokenize_reference`` is its plain definition (sentence by sentence), which
tests/streams/test_classify_speed.py holds it to and which it falls back on for the two characters
whose lower case is not one ASCII-safe character.
"""

from __future__ import annotations

import html
import re

# a wrap inside a place name of several words ("the town of San\nMiguel"; the gazetteer is built only
# when such a wrap is first met)
from streams.classify.name_starts import name_across

TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
SENTENCE_RE = re.compile(
    r"(?<=[!?;])[\"')\]]*\s+|(?<=\.)(?<!\b[A-Z]\.[A-Z]\.)[\"')\]]*\s+(?![a-z(\s])|\n+|(?<=:)\s+(?=[A-Z])"
)
# The same for a text written in lower case (a post that capitalises nothing, "explosion at the
# market. two dead"): there a full stop ends a sentence before a word in lower case too, but not
# after an initialism ("u.s. troops")
SENTENCE_RE_LOWER = re.compile(
    r"(?<=[!?;])[\"')\]]*\s+|(?<=\.)(?<!\b[A-Za-z]\.[A-Za-z]\.)[\"')\]]*\s+(?![(\s])|\n+|(?<=:)\s+(?=[A-Z])"
)

# The sentence breaks of SENTENCE_RE, each led here by the mark that SENTENCE_RE's look-behind
# wants ("." then quotes then spaces; a line-break run; ":" then spaces before a capital, unless
# a line break comes first: that break is the "\n+"). Led by a character class, the regex engine
# skips in C to the few candidate characters; one-character look-behinds then tell them apart.
_BREAK_RE = re.compile(
    r"""[.!?;:\n](?:(?<=[!?;])["')\]]*\s+|(?<=\.)(?<!\b[A-Z]\.[A-Z]\.)["')\]]*\s+(?![a-z(\s])|"""
    r"""(?<=\n)\n*|(?<=:)(?!\n)\s+(?=[A-Z]))"""
)
_BREAK_RE_LOWER = re.compile(
    r"""[.!?;:\n](?:(?<=[!?;])["')\]]*\s+|(?<=\.)(?<!\b[A-Za-z]\.[A-Za-z]\.)["')\]]*\s+(?![(\s])|"""
    r"""(?<=\n)\n*|(?<=:)(?!\n)\s+(?=[A-Z]))"""
)
_FIRST_LETTER = re.compile(r"[A-Za-z]")


def written_lower(text: str) -> bool:
    """Does the text begin with a letter in lower case (a post that capitalises nothing)? Agency
    copy and headlines begin with a capital."""
    m = _FIRST_LETTER.search(text)
    return m is not None and m.group().islower()


# typographic quotes, hyphens and spaces as plain ones ("soldiers’ bodies", "20‑year‑old", "10–12
# dead", the no-break space of a web page)
_PLAIN = tuple(
    [("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')]
    + [(h, "-") for h in "\u2010\u2011\u2012\u2013"]
    + [(sp, " ") for sp in "\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))]
)
# runs of spaces or tabs (the count and rule patterns read words one plain space apart)
_RUN = re.compile(r"[ \t]{2,}|\t")
# a space between a word and the comma or full stop after it (not a decimal: ".5")
_SPACED_MARK = re.compile(r"(?<=[\w)]) (?=[,.](?:\s|$))")


def tidy(text: str) -> str:
    r"""The text as the rules read it: plain quotes, hyphens and spaces (no-break and other Unicode
    spaces), HTML entities decoded ("&amp;", "&#39;"), and a line wrapped inside a sentence joined
    ("killed\nfive people" -> "killed five people"; a line break after a full stop or before a
    capital still ends a sentence). Runs of spaces are `single_spaced`'s (a slower test, which
    only the texts past the pre-test need: tokens do not see them). Cheap on a text with none."""
    if "&" in text and ";" in text:
        text = html.unescape(text)
    if not text.isascii():
        for odd, plain in _PLAIN:  # (str.translate reads a mapping once per character: slower)
            if odd in text:
                text = text.replace(odd, plain)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _unwrap(text) if "\n" in text and _wrapped(text) else text


def single_spaced(text: str) -> str:
    """Runs of spaces and tabs as one space, and no space before a comma or a full stop (the
    tokenised text of some corpora: "84 people , mostly police , were killed ."): the count and
    context patterns read words one plain space apart."""
    if "  " in text or "\t" in text:
        text = _RUN.sub(" ", text)
    if " ," in text or " ." in text:
        text = _SPACED_MARK.sub("", text)
    return text


# a line that ends in a word that cannot end a sentence ("killed in\nKandahar", "by the\nTaliban")
_LINKING = frozenset(
    "in at of on by to from with near into the a an and or en de del la el los las le les des du y et".split()
)


def _links(line_end: str) -> bool:
    """Does this end of a line close on a word that cannot end a sentence?"""
    return line_end.rstrip(" ").rpartition(" ")[2].lstrip(",") in _LINKING


# a line break before a word in lower case (ASCII: the rest is checked by str.islower), a figure or "("
_NL_LOWER = re.compile(r"\n ?[a-z0-9(]")
_NL_OTHER = re.compile(r"\n ?[^\x00-\x7f]")
# a line break after a letter (a paragraph that ends in "." never is one)
_LETTER_NL = re.compile(r"\n(?<=[^\W\d_]\n)")  # (starts with the line break: searched as a literal)


def _wrapped(text: str) -> bool:
    """Does a line break come before a word in lower case, a figure or "(", after a word that
    cannot end a sentence, or inside a place name of several words (a wrapped line)? (The line
    breaks are found in C: the news mix has a few per article, most after a full stop.)"""
    if _NL_LOWER.search(text):
        return True
    for m in _NL_OTHER.finditer(text):
        nxt = text[m.end() - 1]
        if nxt.islower() or nxt.isdigit():
            return True
    for m in _LETTER_NL.finditer(text):
        i = m.start()
        if _links(text[max(0, i - 6) : i]):
            return True
        nxt = text[i + 1 : i + 2]
        if nxt == " ":
            nxt = text[i + 2 : i + 3]
        if nxt.isupper() and name_across(text[max(0, i - 30) : i], text[i + 1 : i + 40]):
            return True
    return False


def _unwrap(text: str) -> str:
    """Each line break between a word (or a comma or hyphen) and a word in lower case, a figure or
    "(", after a word that cannot end a sentence, or inside a place name, becomes a space."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1].rstrip(" ")
        head = line.lstrip(" ")
        if (
            prev
            and head
            and (prev[-1].isalnum() or prev[-1] in ",-")
            and (
                head[0].islower()
                or head[0].isdigit()
                or head[0] == "("
                or _links(prev[-6:])
                or name_across(prev[-30:], head[:40])
            )
        ):
            out[-1] = f"{prev} {head}"
        else:
            out.append(line)
    return "\n".join(out)


# the only characters whose lower() holds ASCII or is not one character long: without them,
# lower-casing the text keeps every token (TOKEN_RE is ASCII) and every index
_LOWER_UNSAFE = ("\u0130", "\u212a")


class Doc:
    """Tokenised text: lower-case tokens, their sentence numbers, and (computed when first
    read) the sentences and the tokens in original case."""

    __slots__ = (
        "tokens",
        "sent_of",
        "n_sentences",
        "_text",
        "_spans",
        "_sentences",
        "_original",
    )

    def __init__(
        self,
        tokens: list[str],
        sent_of: list[int],
        sentences: list[str] | None = None,
        original: list[str] | None = None,
        text: str = "",
        spans: list[tuple[int, int]] | None = None,
    ):
        self.tokens = tokens
        self.sent_of = sent_of
        self.n_sentences = sent_of[-1] + 1 if sent_of else 0
        self._text = text
        self._spans = spans or []  # (start, end) in text of each sentence
        self._sentences = sentences
        self._original = original

    @property
    def text(self) -> str:
        """The text the tokens were read from ("" when built from sentences)."""
        return self._text

    @property
    def sentences(self) -> list[str]:
        if self._sentences is None:
            t = self._text
            self._sentences = [t[a:b].strip() for a, b in self._spans]
        return self._sentences

    @property
    def original(self) -> list[str]:
        """Tokens in original case."""
        if self._original is None:
            # the stretches between sentences hold only marks and spaces, never a token, so
            # one pass over the whole text gives the tokens of every sentence
            self._original = TOKEN_RE.findall(self._text) if self._spans else []
        return self._original


def tokenize(text: str) -> Doc:
    """The same as `tokenize_reference`, faster: breaks found in C, tokens read from the
    lower-cased text sentence by sentence, the original-case tokens and the sentence texts
    only when asked for."""
    if _LOWER_UNSAFE[0] in text or _LOWER_UNSAFE[1] in text:
        return tokenize_reference(text)
    low = text.lower()
    findall = TOKEN_RE.findall
    tokens: list[str] = []
    sent_of: list[int] = []
    spans: list[tuple[int, int]] = []
    start = 0
    for m in (_BREAK_RE_LOWER if written_lower(text) else _BREAK_RE).finditer(text):
        i, j = m.span()
        end = i if text[i] == "\n" else i + 1  # the mark stays with its sentence
        words = findall(low, start, end)
        if words:
            sent_of.extend([len(spans)] * len(words))
            spans.append((start, end))
            tokens.extend(words)
        start = j
    words = findall(low, start)
    if words:
        sent_of.extend([len(spans)] * len(words))
        spans.append((start, len(text)))
        tokens.extend(words)
    return Doc(tokens, sent_of, None, None, text, spans)


def tokenize_reference(text: str) -> Doc:
    """The plain tokenizer (sentence by sentence), the definition `tokenize` must match."""
    tokens: list[str] = []
    original: list[str] = []
    sent_of: list[int] = []
    sentences: list[str] = []
    for s in (SENTENCE_RE_LOWER if written_lower(text) else SENTENCE_RE).split(text):
        words = TOKEN_RE.findall(s)
        if not words:
            continue
        n = len(sentences)
        sentences.append(s.strip())
        original.extend(words)
        tokens.extend(w.lower() for w in words)
        sent_of.extend([n] * len(words))
    return Doc(tokens, sent_of, sentences, original)
