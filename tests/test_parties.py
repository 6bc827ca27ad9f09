"""Parties in context, on hand-built sentences: implied and unidentified doers, the arguments of
event nouns, datelines, generic agents' countries, reported speakers (issue 11, items 1, 2, 5)."""
import datetime as dt

import pytest

import tacitus
from tacitus.options import Options
from tacitus.reading import read_text

LEXICON_ONLY = Options(model=False)


def events_of(text, published="2024-05-06"):
    return tacitus.code_text(text, published=published, options=LEXICON_ONLY)


def one(text, event_type, published="2024-05-06"):
    found = [e for e in events_of(text, published) if e.event_type == event_type]
    assert len(found) == 1, f"{event_type}: {[(e.event_type, [a.name for a in e.actor]) for e in found]}"
    return found[0]


def parties(actors):
    return [(a.country, a.sector, a.implied) for a in actors]


# --- item 1: unnamed and implied doers ---------------------------------------------------------

def test_an_attack_by_a_bomb_has_an_unidentified_doer_and_the_dead_are_recipients():
    event = one("Two civilians were killed by a bomb in Kabul on Monday.", "ASSAULT")
    assert parties(event.actor) == [(None, "UNK", True)]
    assert event.actor[0].text == "" and event.actor[0].start is None
    assert [(a.text, a.country, a.sector) for a in event.recipient] == [("Two civilians", "AFG", "CVL")]
    assert event.implied_actor and event.evidence[0].actor == ()


def test_a_shooting_with_no_doer_is_unidentified_armed_forces():
    event = one("A man was shot dead in Belfast last night.", "ASSAULT")
    assert parties(event.actor) == [(None, "UAF", True)]
    assert event.recipient[0].sector == "CVL"


def test_an_explosion_is_no_doer():
    event = one("An explosion killed three soldiers near Mosul.", "ASSAULT")
    assert parties(event.actor) == [(None, "UNK", True)]
    assert [(a.text, a.sector) for a in event.recipient] == [("three soldiers", "MIL")]


def test_an_agentless_arrest_implies_the_police_of_the_place():
    event = one("Five men were arrested in Istanbul on Sunday.", "COERCE")
    assert parties(event.actor) == [("TUR", "COP", True)]
    assert event.actor[0].name == "police"
    assert [(a.text, a.country) for a in event.recipient] == [("Five men", "TUR")]


def test_a_doer_named_on_the_attack_that_was_the_means_is_the_actor():
    """"killed in shelling by X": the parse hangs "by X" on the attack, not on "killed"."""
    event = one("Almost 200 civilians have been killed in dozens of airstrikes and shelling by forces "
                "loyal to the government in eastern Ghouta.", "ASSAULT")
    assert [(a.text, a.sector, a.implied) for a in event.actor] == [("forces loyal", "MIL", False)]
    assert [a.text for a in event.recipient] == ["Almost 200 civilians"]
    bomb = one("Two soldiers were wounded in a bombing by a car bomb.", "ASSAULT")
    assert parties(bomb.actor) == [(None, "UNK", True)]  # a weapon is no doer


@pytest.mark.parametrize("text", [
    "Two children were born during fighting in Syria.",
    "Thousands fled amid the fighting in Idlib.",
    "Worries persist about his hostility towards regional allies such as Greece.",
])
def test_an_attack_noun_that_is_only_the_backdrop_or_an_attitude_is_no_event(text):
    assert not [e for e in events_of(text) if e.event_type == "ASSAULT"], text


def test_a_backdrop_with_named_sides_and_a_killing_during_fighting_stay_events():
    clashes = one("During clashes between police and protesters in Lagos, 12 people were injured.", "ASSAULT")
    assert {a.text for a in clashes.actor} >= {"police", "protesters"}
    killed = one("Three soldiers were killed during fighting in Idlib on Monday.", "ASSAULT")
    assert killed.implied_actor
    assert one("Hostilities resumed in the east on Monday after the truce collapsed.", "ASSAULT")


def test_a_named_doer_is_never_implied():
    event = one("Police in Lagos arrested 40 protesters on Monday.", "COERCE")
    assert parties(event.actor) == [("NGA", "COP", False)]


@pytest.mark.parametrize("text", [
    "No one was arrested.",                                      # negated
    "If protesters are arrested, the union will call a strike.",  # hypothetical
    "Suspects can only be detained if the evidence allows it.",   # a possibility
    "You walk down the street, you get shot.",                    # a general remark
    "The city has been shelled almost daily.",                    # a pattern, not an event
    "Renewed fighting is a possibility.",                         # a prospect
    "Analysts said a major offensive was unlikely before winter.",  # a prospect
    "Ninety six people were detained in hospital.",               # cared for, not arrested
])
def test_no_doer_is_invented_for_what_did_not_happen_or_is_no_event(text):
    assert not [e for e in events_of(text) if e.implied_actor and e.asserted], text


def test_a_charge_implies_the_police_but_the_crime_it_names_is_no_attack():
    found = events_of("She was charged with aggravated assault.")
    assert not [e for e in found if e.event_type == "ASSAULT" and e.asserted]
    assert all(parties(e.actor) == [(None, "COP", True)] for e in found if e.event_type == "COERCE")


def test_unnamed_mentions_of_one_sentence_are_one_event_and_separate_clauses_two():
    found = events_of("Her husband was imprisoned and tortured.")
    assert sorted(e.event_type for e in found) == ["ASSAULT", "COERCE"]


def test_a_definite_event_noun_refers_to_the_event_told_before():
    found = events_of("Russian forces struck Kharkiv on Saturday, killing 12 people.\n\n"
                      "Residents said the strikes began at dawn.")
    assaults = [e for e in found if e.event_type == "ASSAULT"]
    assert len(assaults) == 1 and not assaults[0].implied_actor


# --- item 2: the parties of event nouns ---------------------------------------------------------

def test_clashes_between_two_sides_have_both_as_actors():
    event = one("Clashes between Hamas and Fatah left four dead in Gaza.", "ASSAULT")
    assert sorted(a.name for a in event.actor) == ["Fatah", "Hamas"] and not event.recipient


def test_the_members_of_a_meeting_are_its_actors():
    event = one("The decision was taken at a meeting of EU foreign ministers in Brussels.", "CONSULT")
    assert [(a.text, a.country) for a in event.actor] == [("EU foreign ministers", "EUR")]


def test_a_generic_agent_before_an_event_noun_is_its_doer():
    event = one("Tens of thousands of Syrians fled a government assault on Idlib.", "ASSAULT")
    assert [(a.text, a.country, a.sector) for a in event.actor] == [("government", "SYR", "GOV")]


def test_a_possessive_pronoun_is_the_subject_of_its_clause():
    event = one("Cuba kept up its condemnation of the Miami relatives.", "ACCUSE")
    assert [a.country for a in event.actor] == ["CUB"]


def test_a_gerund_under_a_preposition_has_the_subject_of_its_verb():
    event = one("The Assad regime defied the norms by using chemical weapons to murder children.", "ASSAULT")
    assert [(a.country, a.sector) for a in event.actor] == [("SYR", "GOV")]


def test_the_object_of_a_verb_is_its_target_even_when_it_is_also_an_event_noun():
    # "soldier" is also a MOBILIZE noun: "killed three soldiers" still has them as recipients
    event = one("Rebels killed three soldiers near Mosul.", "ASSAULT")
    assert [a.sector for a in event.recipient] == ["MIL"]


# --- item 5: parties in context ----------------------------------------------------------------

def test_who_describes_an_attack_is_not_its_doer():
    event = one("The woman described a sexual assault in graphic detail.", "ASSAULT")
    assert event.implied_actor


def test_a_surname_of_another_person_is_not_the_known_person():
    text = ("Butler County Auditor Roger Reynolds said the county is drafting new policies.\n\n"
            "Reynolds said county leaders agreed to pay the tax.")
    options = LEXICON_ONLY.with_(published=dt.date(2009, 3, 15))
    article = tacitus.code(read_text(text, options), options)
    assert "AUS" not in article.countries  # Linda Reynolds is an Australian minister
    assert all(a.country != "AUS" for e in article.events for a in e.actor)


def test_a_place_named_before_a_generic_agent_gives_its_country():
    event = one("Grand Prairie police investigate the shooting of a teenager.", "ACCUSE")
    assert [(a.country, a.sector) for a in event.actor] == [("USA", "COP")]


def test_armed_men_are_unidentified_armed_forces_not_civilians():
    event = one("Armed men stormed the village on Friday.", "ASSAULT")
    assert [a.sector for a in event.actor] == ["UAF"]


def test_a_headline_participle_is_passive_and_one_arrest_with_the_body():
    found = events_of("Opposition leader arrested in Dhaka\n\n"
                      "The opposition leader was detained at his home on Monday, his party said.")
    arrests = [e for e in found if e.event_type == "COERCE"]
    assert len(arrests) == 1
    assert parties(arrests[0].actor) == [("BGD", "COP", True)]
    assert [(a.country, a.sector) for a in arrests[0].recipient] == [("BGD", "OPP")]


def test_whoever_is_arrested_is_a_recipient_even_when_nobody_knows_them():
    event = one("A clerk was arrested on Monday.", "COERCE")
    assert [(a.text, a.sector) for a in event.recipient] == [("clerk", "CVL")]


def test_those_a_demand_asks_to_act_are_its_recipients():
    event = one("Donald Trump's demand that Germany and France repatriate their citizens met a "
                "mixed response.", "REQUEST")
    assert sorted(a.country for a in event.recipient) == ["DEU", "FRA"]


def test_a_pledge_to_act_on_someone_is_directed_at_them():
    event = one("Germany pledged on Monday to put its foreign fighters on trial.", "AGREE")
    assert [(a.country, a.sector) for a in event.recipient] == [("DEU", "REB")]


def test_a_building_named_before_an_attack_noun_is_its_target_not_its_doer():
    event = one("Pakistan handed over a suspect in the U.S. Embassy bombings.", "ASSAULT")
    assert event.implied_actor and [a.country for a in event.recipient] == ["USA"]


@pytest.mark.parametrize("text, actor", [
    ("LAGOS: Protesters marched on parliament on Monday.", "Protesters"),
    ("Mosul, Iraq — Gunmen killed three soldiers on Sunday.", "Gunmen"),
    ("KABUL (Reuters) — Taliban fighters attacked a checkpoint on Friday.", "Taliban fighters"),
    ("NAIROBI, Kenya (AP) _ Police arrested 20 protesters on Monday.", "Police"),
])
def test_a_dateline_is_never_a_party_and_gives_the_place(text, actor):
    event = [e for e in events_of(text) if e.event_type in ("PROTEST", "ASSAULT", "COERCE")][0]
    assert [a.text for a in event.actor] == [actor]
    assert event.location is not None and event.location.country in ("NGA", "IRQ", "AFG", "KEN")


def test_an_idea_is_no_party():
    found = events_of("The minister was criticised for promising Brexit.")
    assert all(a.name != "Brexit" for e in found for a in (*e.actor, *e.recipient))


def test_the_town_of_a_massacre_is_what_it_was_done_to_not_its_doer():
    event = one("Kharkiv's shelling continued on Monday.", "ASSAULT")
    assert event.implied_actor and [a.country for a in event.recipient] == ["UKR"]
    event = one("Russia's strikes on Kyiv killed five people.", "ASSAULT")
    assert [a.country for a in event.actor] == ["RUS"]


def test_a_surname_that_is_only_another_name_of_a_town_is_no_place():
    found = events_of("Gove was accused of hypocrisy despite promising a referendum.")
    assert all(a.country != "AUS" for e in found for a in e.actor)  # Nhulunbuy is also "Gove"


def test_a_pronoun_subject_after_a_time_phrase_is_the_person_named_before():
    event = one("Trump cited his endorsements on Tuesday. Wednesday, he called for increased "
                "defense spending.", "REQUEST")
    assert [a.name for a in event.actor] == ["Donald Trump"] and event.actor[0].text == "he"


def test_a_pronoun_takes_the_person_of_its_own_sentence_first():
    event = one("Meissner said there is no evidence that Juan Miguel Gonzalez, who lives in Cuba, "
                "is unfit, nor that he has been coerced into pleading for the boy's return.", "REQUEST")
    assert [a.name for a in event.actor] == ["Juan Miguel Gonzalez"]


def test_who_works_in_negotiations_takes_part_in_them():
    event = one("Butler County Auditor Roger Reynolds spoke on Monday. Reynolds said the bill could "
                "go down as he works with a tax attorney in negotiations with the IRS.", "CONSULT")
    assert [a.name for a in event.actor] == ["Roger Reynolds"]


def test_a_named_party_no_knowledge_places_is_one_of_the_story():
    found = events_of("GAINESVILLE, Fla. — Police in Gainesville arrested a clerk on Monday.\n\n"
                      "Spencer Eig accused the county of negligence.", published="2009-03-18")
    event = [e for e in found if e.event_type == "ACCUSE"][0]
    assert [(a.text, a.country) for a in event.actor] == [("Spencer Eig", "USA")]


def test_she_after_a_titled_subject_is_that_person():
    event = one("The former first lady and U.S. senator said it was a mistake, but she denied that "
                "she mishandled classified information.", "REJECT")
    assert [a.country for a in event.actor] == ["USA"] and event.actor[0].text == "she"


def test_a_weapon_before_an_attack_noun_is_no_doer():
    found = events_of("Drone strikes continue in the south.\n\nRussian forces launched 120 drones at "
                      "Odesa on Wednesday, killing three people.")
    assert all(a.name.lower() != "drone" for e in found for a in e.actor)


def test_the_argument_knowledge_refuses_an_unknown_sector_naming_the_file(tmp_path, monkeypatch):
    from tacitus.errors import KnowledgeError
    from tacitus.knowledge import arguments as module
    bad = tmp_path / "arguments.yaml"
    bad.write_text("format: tacitus.knowledge.arguments.v1\nauthority:\n  COERCE: {arrest: POLICE}\n"
                   "names: {UNK: unidentified actor}\n", encoding="utf-8")
    monkeypatch.setattr(module, "FILE", bad)
    module.arguments.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match=r"arguments\.yaml: 'POLICE' is not a PLOVER sector"):
            module.arguments()
    finally:
        module.arguments.cache_clear()


def test_implied_sectors_follow_the_table():
    from tacitus.knowledge.arguments import arguments
    known = arguments()
    assert known.implied_sector("COERCE", "arrest") == "COP"
    assert known.implied_sector("SANCTION", "convict") == "JUD"
    assert known.implied_sector("ASSAULT", "firearms") == "UAF"
    assert known.implied_sector("ASSAULT", None) == "UNK"
    assert known.implied_sector("CONSULT", None) is None  # a meeting needs someone named
    assert known.implied_sector("ACCUSE", "allege", passive=True) == "UNK"
    assert known.implied_sector("ACCUSE", "allege") is None  # active, no subject: no event
    assert known.implied_sector("AGREE", None, passive=True) is None


def test_an_agentless_passive_accusation_has_an_unidentified_accuser():
    event = one("The minister has been accused of lying to parliament about the contracts.", "ACCUSE")
    assert parties(event.actor) == [(None, "UNK", True)]
    assert [a.text for a in event.recipient] == ["minister"]  # the one accused, not the doer


def test_an_agentless_passive_of_other_types_is_no_event():
    found = events_of("People from the neighbouring villages have been invited to a celebration.")
    assert not [e for e in found if e.event_type == "AGREE"]


def test_a_definite_event_noun_refers_back_by_the_same_word():
    found = events_of("US warplanes struck Syrian airbases on Saturday. Syrian forces bombed the "
                      "opposition in Idlib on Sunday. Residents said the strikes hit three hangars.")
    holder = [e for e in found if any(ev.trigger.text == "strikes" for ev in e.evidence)]
    assert len(holder) == 1 and [a.country for a in holder[0].actor] == ["USA"]


def test_unnamed_mentions_of_one_victim_or_one_bare_follow_up_are_one_event():
    found = events_of("A sniper's bullet killed Dr. Barnett Slepian at his home on Friday.\n\n"
                      "Police are investigating the attack on Slepian.")
    assert len([e for e in found if e.event_type == "ASSAULT"]) == 1
    found = events_of("Some 21 bombs went off in Belfast on Friday.\n\nThe bombing began at 2.45pm.")
    assert len([e for e in found if e.event_type == "ASSAULT"]) == 1


def test_an_agent_whose_own_phrase_is_the_only_introduction_codes_without_error():
    # the only name before "administration" starts the phrase itself (the scan match is at
    # the phrase's first character): neither before nor after it, and no crash
    found = events_of("Aid groups met on Monday. The Trump administration has proposed steep cuts "
                      "to the 2018 international aid budget for refugees.")
    assert found is not None


def test_a_reported_pronoun_subject_is_the_speaker():
    """"Turkey said it opposed ...": the pronoun of the reported clause means the speaker."""
    event = one("Turkey also said it opposed an invitation to Syrian Kurds to attend the congress.", "REJECT")
    assert [(a.text, a.country) for a in event.actor] == [("it", "TUR")]
    event = one("Russian officials said they would retaliate against the new sanctions.", "THREATEN")
    assert [(a.text, a.country) for a in event.actor] == [("they", "RUS")]


def test_a_pronoun_that_disagrees_with_the_speaker_is_not_the_speaker():
    found = events_of("The Kurdish fighters said it had been attacked by Turkish drones.")
    assert not any(a.text == "it" and a.name == "Kurdish fighters" for e in found for a in e.actor)


def test_days_of_bombardment_is_an_attack_with_an_unidentified_doer():
    event = one("After three days of intensive bombardment, more people emerged from the town.", "ASSAULT")
    assert parties(event.actor) == [(None, "UNK", True)]


def test_a_charge_of_assault_only_names_the_offence():
    assert not [e for e in events_of("He was charged with assault on Monday.") if e.event_type == "ASSAULT"]


def test_a_possessive_ending_the_ner_took_in_is_not_the_recipient():
    event = one("Labour leader Jeremy Corbyn has condemned Donald Trump’s rhetoric on Syria.", "ACCUSE",
                published="2018-04-12")
    assert [(a.country, a.sector) for a in event.recipient] == [("USA", "GOV")]
    assert event.recipient[0].text.startswith("Donald Trump")


def test_a_campaign_names_its_doers_in_the_participles_after_it():
    event = one("The military campaign to drive Isis out of Syria, led by the SDF on the ground and "
                "supported by the US in the air, was well under way in 2017.", "ASSAULT", published="2019-03-22")
    assert [a.country for a in event.actor] == ["SYR", "USA"] and not event.implied_actor
    attacks = one("The attacks, carried out by Boko Haram militants, killed 30 people in Maiduguri.", "ASSAULT")
    assert [(a.text, a.sector) for a in attacks.actor] == [("Boko Haram militants", "REB")]


def test_two_officials_of_one_title_are_actor_and_recipient_and_a_name_beats_its_title():
    """"The foreign Secretary, Jeremy Hunt spoke to the US Secretary of State": Britain's
    secretary talks to America's (the two share only the generic name "Secretary"), and with
    the comma after his name missing, Hunt is still the doer."""
    event = one("The foreign Secretary, Jeremy Hunt spoke to the US Secretary of State, Mike Pompeo, "
                "on Thursday.", "CONSULT", published="2018-12-20")
    assert [(a.text, a.country, a.sector) for a in event.actor] == [("Jeremy Hunt", "GBR", "GOV")]
    assert [a.country for a in event.recipient] == ["USA"]


def test_a_demolition_needs_a_named_doer_and_a_destroyed_town_does_not():
    assert not events_of("The Chapman Valve plant has been demolished.")
    assert [a.country for a in one("Israeli bulldozers demolished Palestinian homes in Gaza.", "ASSAULT").actor] == ["ISR"]
    assert one("The town is all destroyed, and bullets are flying through the sky like rain.", "ASSAULT").implied_actor


def test_a_meeting_of_private_persons_is_no_political_event_but_a_meeting_of_activists_is():
    assert not events_of("The Meadow Grove man and city woman met over the Internet in early May.")
    assert one("Activists met in Cairo to plan the protest.", "CONSULT")
    assert one("Residents met the mayor on Monday.", "CONSULT")


def test_the_doer_of_what_a_document_says_is_whose_the_document_is():
    event = one("A statement from the Syrian opposition accused Russia of bombing hospitals.", "ACCUSE",
                published="2018-06-15")
    assert [(a.text, a.country) for a in event.actor] == [("Syrian opposition", "SYR")]
    assert [a.country for a in one("The UN resolution demands a ceasefire.", "REQUEST").actor] == ["UNO"]


def test_a_place_after_by_is_no_doer():
    event = one("Three soldiers were killed in an attack by the border.", "ASSAULT")
    assert event.implied_actor and [a.text for a in event.recipient] == ["Three soldiers"]


def test_a_reaction_aimed_at_the_doer_of_another_is_another_event():
    # both ACCUSE, both American: the senators' criticism of Trump is not Trump's of the allies
    found = [e for e in events_of("Trump denigrated America's friends and allies in a speech. "
                                  "US Republican senators quickly criticised Trump.")
             if e.event_type == "ACCUSE"]
    doers = sorted(tuple(a.name for a in e.actor) for e in found)
    assert len(found) == 2, [(e.event_type, [a.name for a in e.actor]) for e in found]
    assert all(len(d) == 1 for d in doers)


def test_what_a_request_asks_for_is_done_by_the_one_asked_and_is_no_event_of_its_own():
    article = tacitus.code(read_text("Jan Egeland begged Jordan to reopen its border.", LEXICON_ONLY), LEXICON_ONLY)
    [reopen] = [m for m in article.mentions if m.event_type == "RETREAT"]
    assert [a.country for a in reopen.actor] == ["JOR"]  # Jordan would reopen it, not Egeland
    assert reopen.dropped == "what a request or threat asks for"
    assert [(e.event_type, [a.country for a in e.recipient]) for e in article.events] == [("REQUEST", ["JOR"])]


def test_a_surname_the_article_gives_someone_else_is_not_the_known_person():
    # the knowledge base knows John Holmes (UN); this Holmes is Jac Holmes, named before
    found = events_of("Jac Holmes, 24, from Bournemouth, was one of the last Britons there. Holmes, whose "
                      "exploits were widely reported, was killed on 23 October when a belt exploded.",
                      published="2018-02-02")
    victims = [a for e in found for a in e.recipient if a.text == "Holmes"]
    assert victims and not any(a.in_knowledge_base or a.country == "UNO" for a in victims)


def test_an_order_to_ones_own_forces_to_leave_is_a_withdrawal_announced():
    def types(text):
        return [e.event_type for e in events_of(text, published="2019-02-17")]
    assert types("Trump has ordered US forces in Syria to leave by the spring.") == ["CONCEDE"]
    assert types("Putin ordered Russian troops to leave Syria.") == ["CONCEDE"]
    # another's forces, an attack, a request by others, leaving for the front: still a request
    for text in ("The UN urged Israeli troops to withdraw.", "Trump ordered US troops to attack.",
                 "Syrian rebels asked Syrian troops to leave Aleppo.",
                 "Putin ordered Russian troops to leave for the front.",
                 "Assad ordered Syrian troops to leave no survivors in Homs."):
        assert types(text) == ["REQUEST"], text


def test_a_city_before_a_meeting_is_its_venue_a_state_a_party():
    summit = one("Hunt will leave the Warsaw summit early.", "AGREE")
    assert [a.country for a in summit.actor] == ["GBR"]  # not Warsaw (POL)
    deal = one("Trump quit the Iran deal in May.", "SANCTION")
    assert [a.country for a in deal.recipient] == ["IRN"]


def test_review_cases_of_this_round():
    def coded(text, published="2024-05-06"):
        return [(e.event_type, e.mode, e.modality.hypothetical) for e in events_of(text, published)]
    # one meeting told from both sides stays one event
    assert [t for t, _, _ in coded("Erdogan met Putin in Sochi on Monday. Putin met Erdogan for three hours.")] == ["CONSULT"]
    # what a threat or request asks for gives it its mode and target
    threat = one("Turkey threatened to impose sanctions on Sweden.", "THREATEN")
    assert threat.mode == "relations" and [a.country for a in threat.recipient] == ["SWE"]
    assert one("Russia threatened to invade Ukraine.", "THREATEN").mode == "territory"
    assert one("Egypt encouraged Hamas to free the hostages.", "REQUEST").mode == "yield"
    # an act told as done after "and" is no part of the threat
    assert ("ASSAULT", None, False) in coded("Russia threatened to invade Ukraine and later attacked Kharkiv.")
    # a hedged act is an act
    assert [t for t, _, _ in coded("Russia seems to have attacked the convoy.")] == ["ASSAULT"]
    # recognising a body or a name as legitimate is recognition
    assert [t for t, _, _ in coded("Greece recognised the name North Macedonia.")] == ["SUPPORT"]


def test_an_armed_party_advancing_in_the_clause_of_an_attack_noun_fought_in_it():
    taken = one("Syrian government forces retook the town after months of fighting.", "ASSAULT")
    assert [(a.country, a.implied) for a in taken.actor] == [("SYR", False)]
    # not who suffered it, spoke of it, or fell
    for text in ("Five civilians were killed in clashes on Monday.",
                 "The Kremlin has denied involvement in the attack on Skripal.",
                 "The city fell after six weeks of gruelling battles."):
        assert not any(a.country and not a.implied for e in events_of(text) if e.event_type == "ASSAULT"
                       for a in e.actor), text


def test_a_weapon_that_killed_is_no_doer():
    event = one("Airstrikes killed dozens of civilians in Ghouta.", "ASSAULT")
    assert [(a.sector, a.implied) for a in event.actor] == [("UNK", True)] or \
        [(a.sector, a.implied) for a in event.actor] == [("UAF", True)]
    # its owner, where named, is
    assert {a.country for a in one("Russian airstrikes killed dozens in Ghouta.", "ASSAULT").actor} == {"RUS"}


def test_a_meeting_of_a_pronoun_no_one_is_tied_to_and_a_private_person_is_no_event():
    assert not [e for e in events_of("The woman was charged with false reporting after recanting her story of a "
                                     "sexual assault stemming from an encounter with the man she met over the "
                                     "Internet.") if e.event_type == "CONSULT"]
    assert [e.event_type for e in events_of("Merkel said she met Putin on Monday.")] == ["CONSULT"]


def test_a_city_before_talks_is_their_venue():
    for text in ("The Geneva talks failed.", "Diplomats attended the Geneva talks."):
        assert not any(a.text == "Geneva" for e in events_of(text) for a in (*e.actor, *e.recipient)), text
    # two capitals joined by a dash are the two sides
    paired = one("An official familiar with the Baghdad–Washington talks said it.", "CONSULT")
    assert "USA" in {a.country for a in paired.actor}


def test_a_participle_with_a_by_agent_is_passive_whatever_the_parse():
    taken = one("They were questioned about John Cantlie, the British journalist taken hostage by Islamic State.",
                "ASSAULT")
    assert [a.name for a in taken.actor] != ["British journalist"]
    assert any(a.sector in ("IMG", "REB") for a in taken.actor)


def test_a_participle_told_as_the_main_verb_with_a_by_agent_is_passive():
    taken = one("The journalist taken hostage by Islamic State was freed.", "ASSAULT")
    assert [(a.sector, a.implied) for a in taken.actor] == [("REB", False)]
    assert [a.text for a in taken.recipient] == ["journalist"]
    # a past tense of the same ending with a subject of its own is active
    fighters = one("Kurdish fighters have taken Raqqa from Islamic State.", "ASSAULT") \
        if any(e.event_type == "ASSAULT" for e in events_of("Kurdish fighters have taken Raqqa from Islamic State.")) else None
    assert fighters is None or "Kurdish fighters" in [a.text for a in fighters.actor]


def test_a_participle_joined_to_one_with_a_by_agent_is_passive_too():
    backed = one("The rebels, armed and supported by the US, took the town.", "SUPPORT")
    assert [a.country for a in backed.actor] == ["USA"]
    assert "rebels" not in [a.text for a in backed.actor]


def test_who_leads_an_attack_told_as_a_noun_does_it():
    struck = one("Dozens of civilians were killed by US-led airstrikes in Raqqa.", "ASSAULT")
    assert [(a.country, a.implied) for a in struck.actor] == [("USA", False)]
    assert [a.text for a in struck.recipient] == ["civilians"]
    # a state that only backs it does not
    backed = one("Dozens of civilians were killed by US-backed militias in Raqqa.", "ASSAULT")
    assert "USA" not in {a.country for a in backed.actor}


def test_who_died_in_an_attack_told_as_a_noun_are_its_victims_not_the_town():
    strike = one("More than 40 people died in a strike on Douma on Saturday.", "ASSAULT")
    assert [(a.text, a.country, a.sector) for a in strike.recipient] == [("More than 40 people", "SYR", "CVL")]
    assert parties(strike.actor) == [(None, "UNK", True)]


def test_a_verb_and_the_attack_noun_it_was_done_in_are_one_event():
    found = [e for e in events_of("Twelve civilians were killed in an airstrike on Idlib on Monday.")
             if e.event_type == "ASSAULT"]
    assert len(found) == 1
    assert {x.trigger.text for x in found[0].evidence} == {"killed", "airstrike"}
    # two attacks of one sentence, neither done in the other, stay two
    two = [e for e in events_of("A car bomb killed three people in Kabul and gunmen shot two guards in Herat.")
           if e.event_type == "ASSAULT"]
    assert len(two) == 2


def test_a_general_or_demonstrative_attack_noun_refers_back_to_the_attack_just_told():
    text = ("The Turkish army attacked Afrin with its allied militias. These are two systems at war. "
            "Consider the nature of the two sides in this onslaught.")
    found = [e for e in events_of(text, "2018-03-16") if e.event_type == "ASSAULT"]
    assert len(found) == 1 and "TUR" in {a.country for a in found[0].actor}
    assert not any(a.implied for e in found for a in e.actor)
    # far from any attack told before, the noun keeps its own unidentified doer
    far = ("The Turkish army attacked Afrin. The talks went on. The ministers met. The weather was "
           "cold. The markets rose. Many died in the offensive.")
    attacks = [e for e in events_of(far, "2018-03-16") if e.event_type == "ASSAULT"]
    assert len(attacks) == 2


def test_whom_a_verb_blames_or_praises_for_an_act_did_it():
    attack = one("The US condemned Russia for attacking Ukraine.", "ASSAULT", "2018-03-16")
    assert [a.country for a in attack.actor] == ["RUS"]
    refusal = one("The European commission began a legal case against Hungary and Poland for refusing "
                  "to take part in the programme.", "REJECT", "2018-03-16")
    assert sorted(a.country for a in refusal.actor) == ["HUN", "POL"]
    arrest = one("Trump praised Erdogan for arresting the suspects.", "COERCE", "2018-03-16")
    assert [a.country for a in arrest.actor] == ["TUR"]


def test_they_means_the_plural_parties_named_earlier_in_its_sentence():
    text = ("Isis has lost its caliphate. As the group has capitulated, MI6, the CIA and France's DGSE "
            "have had access to informants whom they have met in Syria.")
    met = one(text, "CONSULT", "2018-03-16")
    assert [(a.text, a.country) for a in met.actor][0] == ("they", "GBR")
    assert {a.country for a in met.actor} >= {"GBR", "FRA"}  # every one of them


def test_they_skips_the_speaker_of_a_reporting_verb():
    text = "Ukrainian officials said separatists shelled Mariupol after they rejected the ceasefire."
    rejected = [e for e in events_of(text, "2018-04-13") if e.event_type == "REJECT"]
    assert rejected and "UKR" not in {a.country for e in rejected for a in e.actor if a.sector == "GOV"}


def test_a_name_in_apposition_says_who_a_title_is():
    met = one("The foreign minister, Sergei Lavrov, met the Turkish envoy in Ankara.", "CONSULT", "2019-03-14")
    assert [(a.name, a.country) for a in met.actor] == [("Sergei Lavrov", "RUS")]
    agreed = [e for e in tacitus.code_text(
        "No cash would be released unless the president, Bashar al-Assad, agreed to a settlement.",
        published="2019-03-14", options=Options(model=False, keep_unasserted=True)) if e.event_type == "AGREE"]
    assert agreed and [a.country for a in agreed[0].actor] == ["SYR"]


def test_a_word_ending_the_sentence_before_is_no_given_name_of_a_namesake():
    meetings = events_of("Bouteflika met Macron on Monday. Putin met Macron in Paris.", "2018-10-06")
    putin = [a for e in meetings for a in e.actor if a.text == "Putin"]
    assert putin and putin[0].country == "RUS" and putin[0].in_knowledge_base


def test_another_given_name_is_no_typing_slip_of_a_known_person():
    said = one("Abu Huzaifa al-Kanadi says he carried out two killings for Isis in Syria.", "ASSAULT", "2018-10-06")
    assert "IRN" not in {a.country for a in said.actor}  # not Nasser Kanaani of Iran
    assert [a.name for a in one("President Abdelaziz Bouteflicka met Macron.", "CONSULT", "2018-10-06").actor] \
        == ["Abdelaziz Bouteflika"]


def test_who_says_means_the_one_the_relative_clause_is_about():
    text = ("Lavrov spoke in Moscow. Nasrallah, who says he ordered the attack on the convoy, "
            "spoke on television.")
    attack = one(text, "ASSAULT", "2018-10-06")
    assert [a.country for a in attack.actor] == ["LBN"]


def test_a_government_is_the_one_the_article_introduced_not_the_venue_it_meets_in():
    text = ("The Assad regime bombed Douma and the Syrian opposition protested. The UN envoy is "
            "convening talks between the regime and the opposition in Vienna next week.")
    talks = [e for e in events_of(text, "2018-01-17") if e.event_type in ("CONSULT", "AGREE")]
    assert talks and "AUT" not in {a.country for e in talks for a in (*e.actor, *e.recipient)}
    assert {a.country for e in talks for a in e.recipient} == {"SYR"}
    assert "opposition" in [a.text for e in talks for a in e.recipient]  # not "opposition ... next week"


def test_a_continent_is_a_region_of_no_country():
    from tacitus.knowledge.gazetteer import gazetteer
    for name in ("Africa", "East Africa", "Asia", "the Balkans"):
        assert gazetteer().resolve(name).country is None, name


def test_an_authority_telling_an_act_of_authority_with_no_doer_did_it():
    opened = one("France's counter-terrorism prosecutor, Remy Heitz, said an investigation has been opened.",
                 "ACCUSE", "2018-12-12")
    assert [(a.country, a.sector, a.implied) for a in opened.actor] == [("FRA", "JUD", True)]
    enhanced = one("Local authorities said security has been enhanced in Strasbourg.", "MOBILIZE", "2018-12-12")
    assert [(a.country, a.sector, a.implied) for a in enhanced.actor] == [("FRA", "GOV", True)]
    # an attack told by the police was not done by them
    killed = one("Police said two men were killed by a bomb in Kabul.", "ASSAULT", "2018-12-12")
    assert [a.sector for a in killed.actor] == ["UNK"]


def test_a_parliamentary_committee_is_legislative_and_a_community_civilian():
    criticised = one("Parliament's joint committee on human rights criticised the government.", "ACCUSE", "2017-10-12")
    assert [a.sector for a in criticised.actor] == ["LEG"]
    welcomed = one("Members of the Syrian Christian community welcomed the decision.", "SUPPORT", "2017-10-12")
    assert [(a.country, a.sector) for a in welcomed.actor] == [("SYR", "CVL")]


def test_the_international_community_is_a_global_construct_and_no_party():
    found = events_of("The international community used the fight against Isis to support Kurdish separatists.",
                      "2018-04-13")
    assert not any("international community" in a.text for e in found for a in e.actor)


def test_a_known_surname_after_a_name_particle_is_a_namesake():
    text = "The two main rebel factions in Ghouta – Faylaq al-Rahman and Jaish al-Islam – said they would implement the truce."
    parties_found = [a for e in tacitus.code_text(text, published="2018-02-25",
                                                  options=Options(model=False, keep_unasserted=True)) for a in e.actor]
    assert parties_found and all(a.country != "BGD" for a in parties_found)  # not Zillur Rahman
    assert [a.sector for a in parties_found] == ["REB"]


def test_the_subject_of_a_relative_clause_that_carries_out_an_attack_noun_did_it():
    massacres = [e for e in events_of("The massacres that the regime committed in Houla shocked the world.", "2018-07-23")]
    assert [e.event_type for e in massacres] == ["ASSAULT"]  # "committed" is no AGREE
    assert [(a.country, a.sector) for a in massacres[0].actor] == [("SYR", "GOV")]
    attacks = one("The attacks which the militants carried out last year killed 40 people in Homs.", "ASSAULT", "2018-07-23")
    assert [a.sector for a in attacks.actor] == ["REB"]


def test_what_a_passive_light_verb_realises_is_no_target():
    strike = [e for e in tacitus.code_text("Russia will respond if missiles are launched by the US.", published="2018-04-13",
                                           options=Options(model=False, keep_unasserted=True)) if e.event_type == "ASSAULT"]
    assert strike and "missiles" not in [a.text for e in strike for a in e.recipient]


def test_a_request_asks_the_active_subject_of_its_clause_not_the_one_acted_on():
    urged = one("Carlile urged that the two fighters should not be sent to Guantanamo Bay.", "REQUEST", "2018-02-11")
    assert "two fighters" not in [a.text for a in urged.recipient]
    demanded = one("Trump demanded that Turkey withdraw its troops.", "REQUEST", "2018-02-11")
    assert [a.country for a in demanded.recipient] == ["TUR"]


def test_a_demonstration_told_with_no_named_doer_has_implied_protesters():
    rallies = one("More protests ended in bloodshed in Kinshasa last week.", "PROTEST", "2018-04-13")
    assert [(a.name, a.sector, a.implied) for a in rallies.actor] == [("protesters", "CVL", True)]
    joined = one("Thousands joined rallies calling for his return in Havana on Sunday.", "PROTEST", "2018-04-13")
    assert [(a.sector, a.implied) for a in joined.actor] == [("CVL", False)]
    counted = one("Thousands demonstrated against the war in London.", "PROTEST", "2018-04-13")
    assert [(a.sector, a.implied) for a in counted.actor] == [("CVL", False)]
    # one's own protest, a crowd addressed, a capability shown: no demonstration held
    assert not [e for e in events_of("Mattis resigned in protest.", "2018-04-13") if e.event_type == "PROTEST"]
    assert not [e for e in events_of("Erdogan told a rally in Bursa that the offensive would go on.", "2018-04-13")
                if e.event_type == "PROTEST"]
    assert not [e for e in events_of("The swarm attack demonstrates a militant capability.", "2018-04-13")
                if e.event_type == "PROTEST"]


def test_hosting_refugees_is_no_meeting():
    assert not [e for e in events_of("Ankara hosts 3.5 million Syrian refugees.", "2018-01-22") if e.event_type == "CONSULT"]
    assert one("Putin hosted Erdogan in Sochi.", "CONSULT", "2018-01-22").recipient



def test_review_of_the_session_rules():
    """Sentences a review of 0d8a9a1..481c72c found each new rule getting wrong."""
    # a general attack noun with its own target, or told as separate, is another attack
    two = [e for e in events_of("Russian jets bombed the town of Saraqeb on Monday. Separately, the attack on a "
                                "police checkpoint in Daraa killed three officers on Tuesday.", "2018-04-13")
           if e.event_type == "ASSAULT"]
    assert len(two) == 2
    # the country of "the government of Iraq" is Iraq, whatever the article introduced before
    condemned = one("The Syrian government denied using chemical weapons. The government of Iraq condemned "
                    "the air strikes.", "ACCUSE", "2018-04-13")
    assert [a.country for a in condemned.actor] == ["IRQ"]
    # a threat told by a ministry was not made by it
    threatened = one("The Turkish foreign ministry said Turkish diplomats in Iraq had been threatened.",
                     "THREATEN", "2018-04-13")
    assert [a.sector for a in threatened.actor] == ["UNK"]
    # the attacker who died in an attack is not its victim
    base = one("The suicide bomber died in the attack on the army base in Kabul.", "ASSAULT", "2018-04-13")
    assert "suicide bomber" not in [a.text for a in base.recipient]
    # every name in apposition
    met = one("The two presidents, Vladimir Putin and Recep Tayyip Erdogan, met in Sochi on Monday.",
              "CONSULT", "2018-04-13")
    assert {a.country for a in met.actor} == {"RUS", "TUR"}
    # a past criticism faced took place; a question about a noun asks nothing of it
    assert one("The minister faced fierce criticism from opposition lawmakers on Tuesday.", "ACCUSE",
               "2018-04-13").asserted
    assert one("Has the world forgotten the massacre in Srebrenica?", "ASSAULT", "2018-04-13").asserted
    # an organisation before a known surname is no other given name
    urged = one("Islamic State leader Bagdadi urged followers to attack the West.", "REQUEST", "2018-04-13")
    assert [a.sector for a in urged.actor] == ["REB"]
    # a known father is no unknown namesake
    text = ("Assad's forces shelled Eastern Ghouta on Monday. His father, Hafez al-Assad, crushed an uprising "
            "in Hama in 1982. Assad rejected the ceasefire.")
    assert [(a.country, a.sector) for a in one(text, "REJECT", "2018-04-13").actor] == [("SYR", "GOV")]
    # refusing a name that is not one's own is a refusal; reinforcing security is a mobilisation
    assert one("Greece refused to recognise the name of the former Yugoslav republic.", "REJECT", "2018-04-13")
    assert one("Police reinforced security around the US embassy in Ankara on Monday.", "MOBILIZE", "2018-04-13")
    # an opponent named in an "anti-" modifier gives the party no country
    anti = one("Anti-Castro demonstrators thronged the street near the INS office in Miami on Wednesday.",
               "PROTEST", "2000-01-06")
    assert [a.country for a in anti.actor] == ["USA"]
