"""Text from the sources in logs: one line stays one line, nothing hides,
nothing becomes a workflow command."""

import unicodedata

from build_scripts.runtime.log_text import log_line, printable


def test_hidden_characters_are_escaped_and_text_is_kept():
    assert printable("讲话稿　（一）<b>&\"'") == "讲话稿　（一）<b>&\"'"
    assert printable("a\tb\nc\rd\x1be\x85f\u200bg\u202eh\u2028i\u2029j\U000e0041") == (
        "a\\tb\\nc\\rd\\x1be\\x85f\\u200bg\\u202eh\\u2028i\\u2029j\\U000e0041"
    )


def test_no_hidden_character_survives():
    text = "".join(chr(c) for c in range(0x30000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp"))
    shown = printable(text)
    assert not [ch for ch in shown if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]
    assert shown == text.encode("unicode_escape").decode("ascii")  # Python's own escapes


def test_a_line_never_starts_a_workflow_command():
    assert log_line("::error::boom") == "\\x3a:error::boom"
    assert log_line("  ::add-mask::x") == "  \\x3a:add-mask::x"
    assert log_line("\t::warning::x") == "\\t::warning::x"
    assert log_line("file ::error::x") == "file ::error::x"
