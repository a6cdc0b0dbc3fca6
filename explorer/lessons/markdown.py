"""Lesson text is Markdown written by a teacher, shown to every student: links and images may
only point to the web (http, https), an e-mail address or a place on the page. A `javascript:`
or `data:` link, an image with such a source, or a LaTeX \\href, is shown as its words alone.
(Raw HTML is escaped by the page's Markdown component, and the page's policy runs no inline
script; this keeps the text itself free of such links too.)"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
# [words](target "title") and ![alt](target): the target up to the matching ")".
INLINE = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()]*\))*)([^)]*)\)"
)
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]*)>")
REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(\S+).*$", re.M)
HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*\{([^{}]*)\}")


def safe_target(target: str) -> bool:
    """Whether a link or image target is allowed: the web, e-mail, or no scheme at all."""
    # Entities and control characters are what a browser would see through.
    seen = html.unescape(target.strip("<> \t")).translate({c: None for c in range(33)})
    found = SCHEME.match(seen)
    return found is None or found.group(1).lower() in SAFE_SCHEMES


def safe_markdown(text: str) -> str:
    def inline(m: re.Match) -> str:
        bang, words, target, rest = m.groups()
        if safe_target(target):
            return m.group(0)
        return words if not bang else f"[image: {words}]"

    text = HREF.sub(lambda m: m.group(1), text)
    text = INLINE.sub(inline, text)
    text = AUTOLINK.sub(lambda m: m.group(0) if safe_target(m.group(1)) else m.group(1), text)
    return REFERENCE.sub(lambda m: m.group(0) if safe_target(m.group(2)) else "", text)
