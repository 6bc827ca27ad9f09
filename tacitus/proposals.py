"""Stage 5 — proposals: the classifier's word on each sentence, turned into mentions.

After the lexicon has found its mentions (triggers stage), for each parsed sentence:
- a lexicon mention whose type the classifier also finds is confirmed (`decided_by` "both");
  one it finds very unlikely, in a sentence it finds unlikely to hold any event, is vetoed
  (dropped, with the reason kept);
- a type the classifier finds likely that no lexicon mention of the sentence has becomes a
  new mention (`decided_by` "model"), anchored on the word of the sentence that best tells an
  event of that type: a word coders marked as a trigger of that type in the labelled corpus
  (`trigger_lemmas` in the model settings) or a lexicon word of that type. Without such a word
  there is no mention: an event needs a trigger that parties, dates and modality can hang on -
  except that a criticism, denial, backing, threat or promise (`SAID_TYPES`) may be told only as
  what someone said ("Britain said the proposal was unworkable"): it is anchored on the verb of
  speech, whose subject made it, when the classifier is at least `SAID_THRESHOLD` sure
  and the lexicon found no event in the sentence (then the saying only reports that event:
  "Erdogan met Sybiha, the Turkish presidency said").
  On the calibration split this took event F1 from 0.630 to 0.647 (type micro-F1 0.500 ->
  0.495), judged dev precision 0.850 -> 0.855 and core recall 0.567 -> 0.589. Tried: also where
  the lexicon found an event (0.664 / 0.505, but the saying of a reported meeting became a
  SUPPORT); ACCUSE and REJECT only; REQUEST and CONCEDE too (judged dev precision 0.835).
  (Anchoring a type the classifier is very sure of on the sentence's main verb was tried and
  dropped: on the calibration split it cost event F1, 0.630 -> 0.628, once verbs the lexicon
  had read and rejected, such as "refused to comment", were left alone.)
- the mode, where the lexicon gave none, comes from the classifier's mode heads when confident
  (`Mention.model_mode`: a mode the lexicon finds on any mention of the event comes first).

Every threshold is in the model's settings, chosen on the labelled corpus' calibration split
(`tacitus.learning.train`), and the model card lists them.
"""
from __future__ import annotations

from .article import Article, Mention, Sentence
from .learning.model import EventModel, event_model
from .lexicon import triggers
from .options import Options

NAME = "proposals"
REQUIRES: tuple[str, ...] = ("sentence.scores", "sentence.doc", "article.mentions")
ASSIGNS: tuple[str, ...] = ("article.mentions", "mention.decided_by", "mention.probability",
                            "mention.model_mode")

TRIGGER_POS = ("VERB", "NOUN")
# what may be told only as something said ("Britain said the proposal was unworkable")
SAID_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "THREATEN", "AGREE"})
SAID_THRESHOLD = 0.5  # and at least this sure of it (chosen on the calibration split)


def run(article: Article, options: Options) -> Article:
    model = event_model()
    lexicon = triggers()
    by_sentence: dict[int, list[Mention]] = {}
    for mention in article.mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    proposed: list[Mention] = []
    for sentence in article.sentences:
        if sentence.doc is None or sentence.scores is None:
            continue
        found = by_sentence.get(sentence.index, [])
        for mention in found:
            _judge(mention, sentence, model)
        proposed += _propose(article, sentence, found, model, lexicon)
    article.mentions = sorted(article.mentions + proposed, key=lambda m: m.trigger_start)
    return article


def _judge(mention: Mention, sentence: Sentence, model: EventModel) -> None:
    """Confirm, keep or veto a lexicon mention by the classifier's probability of its type."""
    settings = model.settings
    p_type = float(sentence.scores[model.column(mention.event_type)])
    p_event = float(sentence.scores[model.column("event")])
    mention.probability = round(p_type, 3)
    if p_type >= settings["confirm_threshold"]:
        mention.decided_by = "both"
    elif p_type < settings["veto_threshold"] and p_event < settings["veto_event_threshold"]:
        mention.dropped = "classifier veto"
    if mention.mode is None:
        mode, p_mode = model.mode_of(sentence.features, mention.event_type)
        if mode and p_mode >= settings["mode_threshold"]:
            mention.model_mode = mode


def _propose(article: Article, sentence: Sentence, found: list[Mention], model: EventModel,
             lexicon) -> list[Mention]:
    settings = model.settings
    have = {m.event_type for m in found if not m.dropped}
    taken = {m.trigger_token for m in found} | {m.object_token for m in found if m.object_token is not None}
    reporting = set(lexicon.reporting)
    likely = sorted(((float(sentence.scores[model.column(t)]), t) for t in model.heads if t != "event"),
                    reverse=True)
    out = []
    for p_type, event_type in likely:
        if p_type < settings["propose_threshold"].get(event_type, 1.0):
            break
        if event_type in have:
            continue
        token = _trigger(sentence.doc, event_type, settings["trigger_lemmas"], lexicon, taken, reporting)
        if token is None and event_type in SAID_TYPES and p_type >= SAID_THRESHOLD and not have:
            token = _saying(sentence.doc, taken, lexicon.speaking)
        if token is None:
            continue
        taken.add(token.i)
        mode, p_mode = model.mode_of(sentence.features, event_type)
        start = sentence.start + token.idx
        out.append(Mention(sentence=sentence.index, trigger_start=start, trigger_end=start + len(token.text),
                           trigger_token=token.i, event_type=event_type,
                           model_mode=mode if mode and p_mode >= settings["mode_threshold"] else None,
                           decided_by="model", probability=round(p_type, 3)))
    return out


def _saying(doc, taken: set[int], speaking: frozenset[str]):
    """"Britain said the proposal was unworkable": a criticism or a denial told only as what
    someone said is anchored on the verb of speech (`speaking` in triggers.yaml: not "fear" or
    "hope"), whose subject made it - a political party: a known name, a body or a generic
    agent such as "officials", not a private person quoted ("said Fei Tang")."""
    for token in doc:
        if token.i not in taken and token.pos_ == "VERB" and token.lemma_.lower() in speaking and any(
                c.dep_ == "nsubj" and _political(c) for c in token.children):
            return token
    return None


def _political(subject) -> bool:
    from .knowledge import knowledge
    kb = knowledge()
    if subject.ent_type_ in ("ORG", "GPE", "NORP"):
        return True
    if subject.pos_ == "PROPN":
        # the whole name ("said Fei Tang" is not Tang Jiaxuan), or a name with a title or office
        # ("Clinton's communications director, Jennifer Palmieri"; "Senator Graham")
        name = " ".join(t.text for t in subject.subtree if t.pos_ == "PROPN" and t.i <= subject.i)
        described = [t for t in subject.subtree if t.i != subject.i and t.pos_ == "NOUN"]
        return kb.lookup(name) is not None or any(
            kb.title(t.text) is not None or kb.agent(t.lemma_.lower()) is not None for t in described) or any(
            kb.title(t.text) is not None for t in subject.lefts)
    return subject.pos_ == "NOUN" and (kb.agent(subject.lower_) or kb.agent(subject.lemma_.lower())) is not None


def _trigger(doc, event_type: str, learned: dict, lexicon, taken: set[int], reporting: set[str]):
    """The token that best tells an event of `event_type`: the one whose lemma coders most often
    marked as a trigger of that type when they saw it. A word the lexicon has an entry for, in
    the part of speech it has here, is left alone: the lexicon read it and found no event
    ("refused to comment", "visited a camp"), and its rules are the more precise. A word in the
    lexicon's `not_anchors` ("regime", "forces", "fleeing") tells no act alone and anchors nothing."""
    scores = learned.get(event_type, {})
    best, best_score = None, 0.0
    for token in doc:
        if token.i in taken or token.pos_ not in TRIGGER_POS:
            continue
        lemma = token.lemma_.lower()
        if lemma in reporting or lemma in lexicon.not_anchors or token.dep_ in ("amod", "compound"):
            continue
        if lemma in (lexicon.verbs if token.pos_ == "VERB" else lexicon.nouns):
            continue
        score = scores.get(lemma, 0.0)
        if score > best_score:
            best, best_score = token, score
    return best
