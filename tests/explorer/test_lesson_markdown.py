"""Lesson text becomes HTML on the server: CommonMark with $math$ as MathML, cleaned by an
allowlist. Brackets stay brackets, matrices are matrices, and whatever a lesson file holds, no
script, event handler, or javascript:/data: address reaches a student's page."""

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from tinynet.explorer.lessons.files import LESSONS
from tinynet.explorer.lessons.markdown import ATTRIBUTES, MATH_TAGS, TEXT_TAGS, lesson_html


class Elements(HTMLParser):
    """Every element and attribute of an HTML text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def links(text: str) -> list[dict]:
    return [attrs for tag, attrs in Elements(text).found if tag == "a"]


def test_no_built_in_lesson_text_becomes_a_link_its_author_did_not_write():
    for lesson in LESSONS.values():
        for step in lesson.steps:
            written = step.text.count("](") + step.text.count("<http")
            assert len(links(step.html)) == written, (lesson.name, step.title)


def test_brackets_stay_brackets():
    html = lesson_html("W = [[-3, 3], [-3, -3]] and [x] and [[a]]")
    assert links(html) == []
    assert "W = [[-3, 3], [-3, -3]] and [x] and [[a]]" in html


def test_a_matrix_is_a_matrix_with_brackets_that_grow():
    html = lesson_html(r"$W = \begin{bmatrix} -3 & 3 \\ -3 & -3 \end{bmatrix}$")
    tags = [tag for tag, _ in Elements(html).found]
    assert tags.count("mtr") == 2 and tags.count("mtd") == 4
    fences = [a for tag, a in Elements(html).found if tag == "mo" and a.get("stretchy") == "true"]
    assert len(fences) == 2


def test_the_lessons_matrices_render_as_matrices():
    for name in ("separate-the-points", "relu-separates"):
        assert "<mtable>" in LESSONS[name].steps[0].html


def test_math_typos_are_shown_as_written():
    html = lesson_html(r"$\frac{1}{$ and more")
    assert "more" in html


def test_web_links_open_in_a_new_tab_and_unsafe_ones_are_text():
    html = lesson_html("[ok](https://example.org) [bad](javascript:alert(1)) <b>raw</b>")
    assert links(html) == [
        {"href": "https://example.org", "target": "_blank", "rel": "noopener noreferrer"}
    ]
    assert "&lt;b&gt;raw&lt;/b&gt;" in html


PIECES = st.sampled_from(
    [
        "[", "]", "(", ")", "<", ">", "!", "$", "\\", "`", "*", "_", "\n", " ", "x", ":",
        "javascript:alert(1)", "JaVaScRiPt:", "data:text/html,<script>", "vbscript:", "&#106;",
        "&colon;", "<x:a", "]>", "<script>", "</script>", "<img src=x onerror=alert(1)>",
        "onerror=", "\\href{javascript:x}{y}", "\\text{<img src=x onerror=1>}", "https://a.b",
        "[a](", "![i](", "<javascript:x>", "[r]: javascript:y", "\t", "\x00", "%0a",
    ]
)  # fmt: skip
ALLOWED = TEXT_TAGS | MATH_TAGS
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE = {"http", "https", "mailto"}


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_nothing_unsafe_survives_any_markdown(text):
    html = lesson_html(text)
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED, (tag, text)
        for name, value in attrs.items():
            assert name in ATTRIBUTES.get(tag, set()) | {"target", "rel"}, (tag, name, text)
            if name in ("href", "src"):
                # As a browser reads it: a scheme is letters and + - . before the first colon.
                found = SCHEME.match(value.strip("\x00\t\n\x0c\r "))
                assert not found or found.group(1).lower() in SAFE, (value, text)
    assert "<script" not in html.lower()  # as text it is escaped: &lt;script
