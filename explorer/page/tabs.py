"""The side column's tabs: a tab list and one panel per tab. Switching is done in the page
(assets/page/tabs.js sets which panel shows, keyboard arrows included): no request, and every
panel stays in the layout, so callbacks can read and write controls on hidden tabs."""

from __future__ import annotations

from dash import html


def tabs(items: list[tuple], selected: str | None = None) -> html.Div:
    """items: (name, label, panel) or (name, label, panel, part); the panels get the ids
    part-<name>, and a teacher's link that hides `part` (default: name) hides the tab."""
    selected = selected or items[0][0]
    buttons = [
        html.Button(
            label,
            id=f"tab-{name}",
            role="tab",
            className="tab",
            **{
                "aria-controls": f"part-{name}",
                "aria-selected": "true" if name == selected else "false",
                "data-tab": name,
                "data-part": item[3] if len(item) > 3 else name,
            },
        )
        for item in items
        for name, label in [item[:2]]
    ]
    panels = [
        html.Div(
            panel,
            id=f"part-{name}",
            role="tabpanel",
            className="tab-panel",
            **{"aria-labelledby": f"tab-{name}", "data-part": item[3] if len(item) > 3 else name},
        )
        for item in items
        for name, panel in [(item[0], item[2])]
    ]
    return html.Div(
        [
            html.Div(buttons, role="tablist", className="tab-list"),
            html.Div(panels, className="panels"),
        ],
        className="tabs",
        id="side-tabs",
        **{"data-tab": selected},
    )
