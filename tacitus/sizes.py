"""Stage 8 — sizes: dead, injured, arrested, and counted things, each with its qualifier.

"killing three people and injuring 14" -> dead 3, injured 14; "25 people were detained" ->
arrested 25; "launched over 5,000 drones and nearly 80 ballistic missiles" -> counts
(5000, drones, over) and (80, ballistic missiles, nearly). Numbers are read from the trigger's
own phrases (objects, passive subjects) and from casualty verbs in the same sentence.
"""
from __future__ import annotations

import re

from .article import Article, Mention
from .options import Options
from .records import Count

NAME = "sizes"
REQUIRES: tuple[str, ...] = ("article.mentions",)
ASSIGNS: tuple[str, ...] = ("mention.counts", "mention.dead", "mention.injured", "mention.arrested")

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
         "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
         "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000, "m": 1_000_000}
QUALIFIERS = (("more than", "over"), ("over", "over"), ("at least", "at least"), ("nearly", "nearly"),
              ("almost", "nearly"), ("about", "about"), ("around", "about"), ("some", "about"),
              ("roughly", "about"), ("approximately", "about"), ("up to", "up to"), ("at most", "at most"),
              ("fewer than", "under"), ("less than", "under"), ("under", "under"), ("dozens of", "about"),
              ("hundreds of", "about"), ("thousands of", "about"))
DEAD = {"kill", "die", "dead", "death", "slay", "murder", "execute", "massacre", "behead", "fatality"}
INJURED = {"injure", "wound", "hurt", "injured", "wounded", "injury"}
ARRESTED = {"arrest", "detain", "jail", "imprison", "round", "apprehend", "arrested", "detained"}
PEOPLE = {"people", "person", "civilian", "soldier", "protester", "child", "man", "woman", "resident",
          "fighter", "militant", "officer", "police", "policeman", "worker", "student", "demonstrator",
          "journalist", "member", "passenger", "villager", "troop", "rebel", "suspect", "migrant",
          "refugee", "patient", "activist", "others", "other"}


def run(article: Article, options: Options) -> Article:
    for mention in article.mentions:
        doc = article.sentences[mention.sentence].doc
        offset = article.sentences[mention.sentence].start
        trigger = doc[mention.trigger_token]
        _casualties(mention, doc)
        mention.counts = _counts(trigger, mention, offset)
    return article


# the largest number read as a count; above it ("18446744073709551616 protesters", a run of
# nines) it is no count of anything, and would not fit the database's 64-bit integers
MAX_COUNT = 10**12


def number(text: str) -> float | None:
    """ "5,000" -> 5000; "three" -> 3; "1.2 million" -> 1200000; "dozens" -> 24; None over
    MAX_COUNT."""
    value = _number(text)
    return value if value is None or 0 <= value <= MAX_COUNT else None


def _number(text: str) -> float | None:
    words = text.lower().replace(",", "").split()
    if not words:
        return None
    value = None
    for word in words:
        if re.fullmatch(r"\d+(\.\d+)?", word):
            value = float(word) if value is None else value + float(word)
        elif word in SCALES and value is not None:
            value *= SCALES[word]
        elif word in WORDS:
            value = WORDS[word] if value is None else value * WORDS[word] if WORDS[word] >= 100 else value + WORDS[word]
    return value


def _number_of(noun) -> tuple[float | None, str | None, list]:
    """The number that counts `noun`, its qualifier, and the tokens they span."""
    nums = [c for c in noun.children if c.dep_ == "nummod" or (c.like_num and c.dep_ in ("amod", "quantmod", "nmod"))]
    if not nums:
        if noun.lower_ in ("dozens", "hundreds", "thousands", "scores"):
            return WORDS[noun.lower_], "about", [noun]
        return None, None, []
    num = nums[0]
    tokens = sorted(num.subtree, key=lambda t: t.i)
    text = " ".join(t.text for t in tokens if t.like_num or t.lower_ in SCALES or t.lower_ in WORDS)
    value = number(text)
    phrase = " ".join(t.lower_ for t in tokens)
    qualifier = next((q for words, q in QUALIFIERS if phrase.startswith(words) or f" {words} " in f" {phrase} "), None)
    return value, qualifier, tokens


def _counts(trigger, mention: Mention, offset: int) -> list[Count]:
    heads = []
    for child in trigger.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            heads += [child, *child.conjuncts]
    if mention.object_token is not None:
        obj = trigger.doc[mention.object_token]
        heads += [obj, *obj.conjuncts]
    if trigger.pos_ == "NOUN":
        heads.append(trigger)
    counts = []
    for head in dict.fromkeys(heads):
        value, qualifier, tokens = _number_of(head)
        if value is None:
            continue
        what_tokens = [t for t in head.subtree if t.i >= tokens[-1].i + 1 and t.i <= head.i] or [head]
        what = " ".join(t.text for t in what_tokens)
        span = sorted(set(tokens) | set(what_tokens), key=lambda t: t.i)
        start, end = span[0].idx, span[-1].idx + len(span[-1].text)
        counts.append(Count(value=value, what=what, qualifier=qualifier, text=trigger.doc.text[start:end],
                            start=offset + start, end=offset + end))
    return counts


def _casualties(mention: Mention, doc) -> None:
    """Casualty verbs anywhere in the sentence set dead / injured / arrested."""
    for token in doc:
        lemma = token.lemma_.lower()
        kind = "dead" if lemma in DEAD else "injured" if lemma in INJURED else "arrested" if lemma in ARRESTED else None
        if kind is None:
            continue
        candidates = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
        if token.dep_ in ("amod", "acl") and token.head.pos_ == "NOUN":
            candidates.append(token.head)
        for noun in candidates:
            value, _, _ = _number_of(noun)
            if value is None and noun.like_num:
                value = number(noun.text)
            if value is not None and (noun.lemma_.lower() in PEOPLE or noun.ent_type_ in ("CARDINAL", "NORP") or noun.like_num):
                if getattr(mention, kind) is None:
                    setattr(mention, kind, int(value))
                break
