"""Stage `dates`: when each event mention happened, resolved against the publication date.

For each mention the date comes from, in order of preference:

1. a date expression in the same sentence attached to the trigger's clause (or to a
   clause joined to it by reporting, coordination or complement: "Russia launched 500
   drones on Friday, officials said"), never one inside a subordinate or relative
   clause that belongs to another event ("... days after the US announced a pause")
   and never a date that modifies another noun ("the 2022 invasion");
2. the nearest preceding day, week or month expression in the same paragraph, when it
   lies in the event's time frame (within a month before the anchor for a past event,
   on or after it for a future one) and the event is not marked historical;
3. the story's day with granularity "approximate" and no text, for events that are not in
   the future: a story's first dated sentence dates the undated events of the story (issue
   11, item 4; "Police arrested 40 protesters on Monday. ... Officials detained a lawyer"),
   when that sentence is among the story's first and its day lies within two weeks before
   publication; else the publication date, as POLECAT and GDELT do; otherwise an unresolved
   `When()`.

The expressions themselves are found and normalised by `tacitus.temporal`; the tense
that steers "on Thursday" forwards or backwards comes from the trigger's morphology and
auxiliaries (`tense_of`).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .article import Article, Mention, Sentence
from .calendars import plausible
from .lexicon import triggers
from .options import Options
from .records import When
from .temporal import expression_kind, find_dates, resolve, timeml_value

NAME = "dates"
REQUIRES: tuple[str, ...] = ("article.mentions",)
ASSIGNS: tuple[str, ...] = ("mention.date", "mention.background")

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d", "must", "should"}
_PLAN_VERBS = {"plan", "intend", "expect", "schedule", "set", "aim", "prepare", "vow",
               "promise", "threaten", "hope", "seek", "want", "propose", "pledge"}
# clause links across which a date still speaks of the trigger's event
_SUBORDINATE = {"advcl", "relcl", "acl", "pcomp", "csubj", "csubjpass"}
# a date in one of these relations dates the noun it modifies, not the clause
_NOUN_MODIFIER = {"compound", "nummod", "amod", "poss", "nmod"}
_INHERIT_GRANULARITIES = {"day", "week", "month"}
_INHERIT_WINDOW = dt.timedelta(days=31)


_STORY_SENTENCES = 6  # the story's day is told in its opening, or not at all
_STORY_WINDOW = dt.timedelta(days=14)


def run(article: Article, options: Options) -> Article:
    # a placeholder publication date (0001-01-01, 9999-12-31) is no anchor: date arithmetic
    # from it would overflow, and "yesterday" from it means nothing
    anchor = plausible(article.published or options.published)
    found: dict[tuple[int, str | None], list[When]] = {}
    story = story_day(article, anchor, found)
    for mention in article.mentions:
        trigger = _trigger_token(article.sentences[mention.sentence], mention)
        mention.background = trigger is not None and _past_perfect(trigger)
        mention.date = date_mention(article, mention, anchor, found, story)
    return article


def story_day(article: Article, anchor: dt.date | None, found: dict | None = None) -> When | None:
    """The day the story happened: the first day named in the opening body sentences that lies
    within two weeks before publication, in a sentence that tells no plan ("will meet on
    Friday") and is not in the present ("It is his birthday on Tuesday"). As an approximate
    `When` with no text: no sentence of the event itself says it."""
    if anchor is None:
        return None
    found = {} if found is None else found
    body = [s for s in article.sentences if s.section == "body"][:_STORY_SENTENCES]
    for sentence in body:
        if _FUTURE_WORDS.search(sentence.text_of(article)):
            continue
        for when in _dates_in(article, sentence, anchor, "past", found):
            if when.granularity == "day" and when.value and len(when.value) == 10 and \
                    anchor - _STORY_WINDOW <= dt.date.fromisoformat(when.value) <= anchor \
                    and not _told_in_present(article, sentence):
                return When(when.value, "approximate", None)
    return None


def date_mention(article: Article, mention: Mention, anchor: dt.date | None,
                 found: dict | None = None, story: When | None = None) -> When:
    """The `When` of one mention (see the module docstring for the order of preference)."""
    found = {} if found is None else found
    sentence = article.sentences[mention.sentence]
    trigger = _trigger_token(sentence, mention)
    tense = "future" if mention.modality.future else (tense_of(trigger) if trigger else None)
    if tense is None and trigger is not None and _simple_present(trigger):
        tense = "present"  # "UN talks resume in Geneva on 28 November": the nearer 28 November
    candidates = _dates_in(article, sentence, anchor, tense, found)
    attached = _attached_date(candidates, sentence, trigger)
    if attached is not None:
        return attached
    if mention.background:
        return When(granularity="unknown")  # "Isis had tortured them": background, undated
    if not mention.modality.historical:
        inherited = _from_paragraph(article, sentence, anchor, tense, found)
        if inherited is not None:
            return inherited
    if anchor is not None and tense != "future":
        return story or When(anchor.isoformat(), "approximate", None)
    return When()


_STATIVE = {"be", "remain", "stay", "seem", "appear", "become", "have"}


def _simple_present(token) -> bool:
    """The event's own verb is in the simple present with no auxiliary - a schedule or a
    headline ("UN talks resume on 28 November"): the trigger itself, or the verb the trigger
    noun is the subject of; not a state said of a past event ("the bombing on 28 November
    remains the deadliest")."""
    if token.pos_ in ("VERB", "AUX"):
        verb = token
    elif token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        verb = token.head
    else:
        return False
    return verb.tag_ in ("VBP", "VBZ") and verb.lemma_.lower() not in _STATIVE and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _past_perfect(token) -> bool:
    verb = token if token.pos_ in ("VERB", "AUX") else _clause_head(token)
    if verb is None:
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in verb.children)


def tense_of(token) -> str | None:
    """"past", "future" or None (present, unknown) for the clause a trigger token heads."""
    verb = token if token.pos_ in ("VERB", "AUX") else _clause_head(token)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if "have" in {a.lemma_ for a in auxes} or "'ve" in words:
        return "past"  # "may have fled", "will have left" happened before the report
    if words & _FUTURE_AUX:
        return "future"
    if any(a.tag_ == "MD" for a in auxes):
        return None  # may, might, could: no direction
    if "to" in words and verb.tag_ == "VB" and verb.head.i != verb.i:
        if verb.head.lemma_.lower() in _PLAN_VERBS and tense_of(verb.head) != "past":
            return "future"
        return tense_of(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and not auxes:  # "the man arrested on Monday"
        return "past"
    return None


@lru_cache(maxsize=256)
def _parse(sentence: str):
    from .language import nlp
    return nlp()(sentence)


def tense_at(sentence: str, start: int, end: int) -> str | None:
    """The tense (as `tense_of`) of the clause that the expression at sentence[start:end] dates."""
    doc = _parse(sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    verb = root if root.pos_ in ("VERB", "AUX") else _clause_head(root)
    if verb is None:
        return "present"  # a headline, "the Jan. 14 deadline": the nearer date
    tense = tense_of(verb)
    if tense is None and verb.lemma_.lower() in _PLAN_VERBS:
        return "future"  # "the talks are scheduled for Feb. 10"
    return tense or "present"


def _trigger_token(sentence: Sentence, mention: Mention):
    doc = sentence.doc
    if doc is None or not 0 <= mention.trigger_token < len(doc):
        return None
    return doc[mention.trigger_token]


def _clause_head(token):
    """The nearest verb above a token (itself excluded), or None at the root."""
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _dates_in(article: Article, sentence: Sentence, anchor, tense, found: dict) -> list[When]:
    key = (sentence.index, tense)
    if key not in found:
        text = article.reading[sentence.start:sentence.end]
        # "the massacre of the 21st century": a century characterises an event, it does not date it
        found[key] = [When(w.value, w.granularity, w.text, w.start + sentence.start,
                           w.end + sentence.start) for w in find_dates(text, anchor, tense)
                      if expression_kind(w.text) != "century"]
    return found[key]


def _attached_date(candidates: list[When], sentence: Sentence, trigger) -> When | None:
    """The best date in the trigger's own sentence, or None when none speaks of it."""
    if not candidates:
        return None
    if trigger is None:  # no parse: the nearest date in the sentence is the best guess
        return candidates[0] if len(candidates) == 1 else None
    ranked = []
    for when in candidates:
        rank = _attachment_rank(when, sentence, trigger)
        if rank is not None:
            root = _date_root(when, sentence)
            ranked.append((rank, abs(root.i - trigger.i), when))
    # of two dates in the trigger's clause, a named one beats a vague one ("on Saturday shortly
    # after the resignation was reported": Saturday), then the nearer one
    return min(ranked, key=lambda r: (r[0], r[2].granularity == "approximate", r[1]))[2] if ranked else None


def _date_root(when: When, sentence: Sentence):
    start, end = when.start - sentence.start, when.end - sentence.start
    span = sentence.doc.char_span(start, end, alignment_mode="expand")
    for token in span:
        # "just days after the US announced ...": the parser hangs the expression on the
        # subordinate verb, but it dates the clause that the subordinate clause modifies
        if token.dep_ == "mark" and token.head.dep_ == "advcl":
            return token.head.head
    return span.root


def _attachment_rank(when: When, sentence: Sentence, trigger) -> int | None:
    """0: in the trigger's clause; 1: in a clause joined to it; None: another event's."""
    root = _date_root(when, sentence)
    if root.dep_ in _NOUN_MODIFIER and root.head.pos_ in ("NOUN", "PROPN") and root.head.i != trigger.i \
            and not (root.head.dep_ in ("dobj", "obj") and root.head.head.i == trigger.i) \
            and not _occasion(root.head, trigger):
        # "proposed cuts to the 2018 budget", "called Wednesday's crash a tragedy": the date of
        # another thing, not of the act; the trigger's object keeps it ("launched the 2019
        # offensive"), and so does the occasion the act took place at ("detained dozens during
        # the May 1 rally", "reached out at Monday's debate")
        return None
    if root.i == trigger.i or (trigger.is_ancestor(root) and not _verbs_between(root, trigger)):
        return 0
    if _when_clause_of(root, trigger):
        return 0
    if _at_the_same_time(root, trigger):
        return 1
    ancestor = _lowest_common_ancestor(root, trigger)
    date_path, trigger_path = _path(root, ancestor), _path(trigger, ancestor)
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ in _SUBORDINATE
           for t in date_path + trigger_path):
        return None
    own_clause = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_head(trigger)
    if own_clause is not None and ancestor.i == own_clause.i and not _verbs_between(root, ancestor):
        return 0
    return 1


def _when_clause_of(root, trigger) -> bool:
    """"echoes of 2003, when Turkey refused to back the invasion": a when-clause on a date tells
    what happened then (the trigger's clause, or one its clause hangs from, up to three steps)."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_head(trigger)
    for _ in range(3):
        if clause is None:
            return False
        if clause.dep_ == "relcl" and clause.head.i == root.i and any(
                c.dep_ == "advmod" and c.lower_ == "when" for c in clause.children):
            return True
        if clause.head.i == clause.i:
            return False
        clause = clause.head
    return False


def _at_the_same_time(root, trigger) -> bool:
    """"History repeated itself earlier this year when the Kurds were attacked": a when-, while-
    or as-clause happens at the time of the clause it hangs from."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_head(trigger)
    if clause is None or clause.dep_ != "advcl" or clause.head.i != root.head.i:
        return False
    return any(c.dep_ in ("advmod", "mark") and c.lower_ in ("when", "while", "as") for c in clause.children)


def _occasion(noun, trigger) -> bool:
    return noun.dep_ == "pobj" and noun.head.lower_ in ("at", "during", "amid", "on") and noun.head.head.i == trigger.i


def _verbs_between(token, ancestor) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in _path(token.head, ancestor))


def _path(token, ancestor) -> list:
    """Tokens from `token` up to `ancestor`, `ancestor` excluded (spaCy tokens compare by .i:
    each attribute access builds a new Python object, so `is` never holds)."""
    path = []
    while token.i != ancestor.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    if token.i != ancestor.i:  # reached the root without meeting it
        path.append(token)
    return path


def _lowest_common_ancestor(a, b):
    above_a = [a, *a.ancestors]
    indices = {t.i for t in above_a}
    for token in [b, *b.ancestors]:
        if token.i in indices:
            return token
    return above_a[-1]


_FUTURE_WORDS = re.compile(r"\b(?:will|won't|shall|'ll|would|next|upcoming|scheduled|due to|plans? to|"
                           r"planned|expected to|is to|are to|to be held)\b", re.I)


def _from_paragraph(article: Article, sentence: Sentence, anchor, tense, found) -> When | None:
    """The nearest earlier date in the same paragraph that fits the event's time frame."""
    paragraph = next((s for s in article.sections if s.start <= sentence.start < s.end), None)
    if paragraph is None:
        return None
    # only the sentence just before, read in its own tense: "on Friday" in "leaders will meet
    # on Friday" is a summit to come, not the day of a past event told next
    earlier = article.sentences[sentence.index - 1] if sentence.index > 0 else None
    if earlier is None or earlier.start < paragraph.start:
        return None
    own_tense = "future" if _FUTURE_WORDS.search(earlier.text_of(article)) else "past"
    if (tense == "future") != (own_tense == "future"):
        return None
    for when in reversed(_dates_in(article, earlier, anchor, own_tense, found)):
        if _same_time_frame(when, anchor, tense):
            # "It is Letts' birthday on Tuesday": a day ahead as likely as one behind
            return None if own_tense == "past" and _told_in_present(article, earlier) else when
    return None


def _told_in_present(article: Article, sentence: Sentence) -> bool:
    """The sentence's main verb is in the present with no auxiliary ("It is his birthday on
    Tuesday", "Talks resume on Friday"): its weekday may lie ahead, so it dates nothing after it.
    (A sentence the first pass left unparsed is parsed here, only when it would date another.)"""
    doc = sentence.doc if sentence.doc is not None else _parse(article.reading[sentence.start:sentence.end])
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root.lemma_.lower() in triggers().reporting:
        # "Ukraine says Russian forces shelled Kharkiv on Tuesday": the tense of what is said
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    return root is not None and root.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in root.children)


def _same_time_frame(when: When, anchor: dt.date | None, tense: str | None) -> bool:
    if when.granularity not in _INHERIT_GRANULARITIES or when.value is None:
        return False
    if anchor is None:
        return True
    first_day = dt.date.fromisoformat(when.value if len(when.value) == 10 else when.value + "-01")
    if tense == "future":
        return first_day >= anchor.replace(day=1)
    return anchor - _INHERIT_WINDOW <= first_day <= anchor or (
        len(when.value) == 7 and first_day <= anchor and
        first_day >= (anchor - _INHERIT_WINDOW).replace(day=1))


__all__ = ["NAME", "REQUIRES", "ASSIGNS", "run", "date_mention", "tense_of", "find_dates",
           "resolve", "timeml_value", "tense_at"]
