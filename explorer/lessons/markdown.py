"""A lesson's text is Markdown written by a teacher and shown to every student. It becomes HTML
here, on the server, once per text: CommonMark (markdown-it-py) with $...$ and $$...$$ as
MathML (latex2mathml: browsers draw it themselves, so `$W = \\begin{bmatrix} -3 & 3 \\\\ -3 &
-3 \\end{bmatrix}$` is a matrix), then cleaned by an allowlist (nh3, the Python binding of the
Rust sanitizer ammonia, which parses the HTML as a browser does): only the tags and attributes
below survive, links and images may point only to the web (http, https), an e-mail address or
a place on the page, and links open in a new tab so a student's work stays on this one. Raw
HTML in a lesson is shown as text. Text that is not a link never becomes one: brackets are
brackets ("W = [[-3, 3], [-3, -3]]" stays as written)."""

from __future__ import annotations

import functools
import re

import nh3
from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

SAFE_SCHEMES = {"http", "https", "mailto"}
TEXT_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "img", "span", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
MATH_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "semantics", "annotation",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "span": {"class"},
    "ol": {"start"},
    "math": {"display"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form"},
    "mstyle": {"displaystyle", "scriptlevel"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign"},
    "mspace": {"width"},
    "mfrac": {"linethickness"},
    "th": {"align"},
    "td": {"align"},
}


# latex2mathml draws bmatrix's brackets as plain operators that keep a line's height; as
# \left[ ... \right] around a matrix they grow with it.
_FENCED = re.compile(r"\\begin\{([bpvV]?)matrix\}(.*?)\\end\{\1matrix\}", re.S)
_FENCES = {"b": ("[", "]"), "p": ("(", ")"), "v": ("|", "|"), "V": ("\\|", "\\|"), "": None}


def _fenced(m: re.Match) -> str:
    body = f"\\begin{{matrix}}{m.group(2)}\\end{{matrix}}"
    fences = _FENCES[m.group(1)]
    return f"\\left{fences[0]}{body}\\right{fences[1]}" if fences else body


def _math(latex: str, options: dict) -> str:
    display = "block" if options.get("display_mode") else "inline"
    try:
        return convert(_FENCED.sub(_fenced, latex), display=display)
    except Exception:  # a teacher's typo: the LaTeX as written, escaped by the cleaner
        return f"<code>{nh3.clean_text(latex)}</code>"


_PARSER = MarkdownIt("commonmark", {"html": False}).use(dollarmath_plugin, renderer=_math)
_PARSER.enable("table")


@functools.lru_cache(maxsize=1024)
def lesson_html(text: str) -> str:
    """A lesson's Markdown as HTML that is safe to put into the page as it is."""
    raw = _PARSER.render(text)
    return nh3.clean(
        raw,
        tags=TEXT_TAGS | MATH_TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )
