"""The rules for finding and replacing one person's mentions in text (programme/erasure.py)."""

from programme.erasure import Identity, Scrubber, former_role_label, mentions

ZOE = Identity.of(tokens=["zoe.obrien@council.example", "aad-zoe"], names=["Zoë O'Brien", "Zoë"])


def test_emails_and_ids_are_replaced_wherever_they_stand_whatever_their_case():
    s = Scrubber(ZOE, "[x]")
    assert s.text("Ask ZOE.OBRIEN@council.example or aad-zoe.") == "Ask [x] or [x]."


def test_a_full_name_is_replaced_as_whole_words_only():
    s = Scrubber(ZOE, "[x]")
    assert s.text("Waiting on Zoë O'Brien, then Zoë O'Briens") == "Waiting on [x], then Zoë O'Briens"


def test_a_one_word_name_is_replaced_only_when_it_is_the_whole_value():
    s = Scrubber(ZOE, "[x]")
    assert s.text("Zoë") == "[x]"
    assert s.text("Zoë from finance helped") == "Zoë from finance helped"  # maybe someone else


def test_escaped_forms_in_files_are_found_too():
    s = Scrubber(ZOE, "[x]")
    assert s.text("<p>Lead: Zoë O&#x27;Brien</p>") == "<p>Lead: [x]</p>"
    assert s.text('{"lead": "Zo\\u00eb O\'Brien"}') == '{"lead": "[x]"}'


def test_json_documents_are_scrubbed_in_keys_and_values_and_changes_are_counted():
    s = Scrubber(ZOE, "[x]")
    doc = {"leads": ["zoe.obrien@council.example", "sam@council.example"], "zoe.obrien@council.example": 1, "n": 3}
    new, changed = s.scrub(doc)
    assert changed and new == {"leads": ["[x]", "sam@council.example"], "[x]": 1, "n": 3}
    assert s.scrub({"n": 3}) == ({"n": 3}, False)
    assert s.changed == 1


def test_mentions_lists_the_strings_that_name_the_person():
    assert mentions({"a": ["Zoë O'Brien leads", "Sam leads"], "b": 1}, ZOE) == ["Zoë O'Brien leads"]


def test_an_update_keeps_a_truthful_role_attribution():
    assert former_role_label("lead", "Digital Inclusion") == "former lead of Digital Inclusion"
    assert former_role_label("deputy", "Digital Inclusion") == "former deputy lead of Digital Inclusion"
    assert former_role_label(None, "Digital Inclusion") == "former lead of Digital Inclusion"


def test_an_empty_identity_finds_nothing():
    empty = Identity.of(tokens=[None, ""], names=["  "])
    assert empty.needles == set() and mentions("anything", empty) == []
