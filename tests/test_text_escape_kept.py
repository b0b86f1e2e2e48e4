"""programme/text.py: the escapes are pure, so a text escaped once is not escaped again (an answer escapes the same
names and sentences many times over), and what comes out is what the escape makes."""

from __future__ import annotations

from programme.text import cards_escape, text_escape


def test_a_text_escaped_once_is_not_escaped_again():
    text = "Go *live* <at>someone</at>\n- soon [link](x)"
    for escape in (cards_escape, text_escape):
        first = escape(text)
        assert escape(text) is first
        assert escape(text, limit=10) is escape(text, limit=10) != first


def test_what_comes_out_is_the_escape_s():
    assert cards_escape("Go *live* <at>x</at>\n- soon") == "Go \\*live\\* ‹at›x‹/at›\n\\- soon"
    assert text_escape("Go *live* <at>x</at>\n1. soon") == "Go \\*live\\* &lt;at&gt;x&lt;/at&gt;\n1\\. soon"
    assert cards_escape(None) == text_escape(None) == ""
    assert cards_escape("x" * 700) == "x" * 599 + "…"
