"""axe-core over a page (axe-playwright-python): the WCAG 2.1 A and AA rules, and the
violations of serious or critical impact, which the browser tests hold at none."""

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SERIOUS = {"serious", "critical"}


def serious(results) -> list:
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def violations(page) -> list:
    """The serious and critical WCAG 2.1 AA violations on the page as it is now."""
    return serious(Axe().run(page, options=WCAG_AA))
