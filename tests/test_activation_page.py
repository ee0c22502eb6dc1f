"""One activation's Markdown page (`symact.site.activation_page`), rendered without the site.

The site's end-to-end tests build every page and open them in a browser; these render a
single page from its analysis in memory, so a page's content is checked in a second.
"""

from __future__ import annotations

import re

from conftest import activation

from symact.site.activation_page import activation_page


def _headings(page: str) -> list[str]:
    return re.findall(r"^#{1,2} (.+)$", page, re.MULTILINE)


def test_relu_page_sections_in_order(analysis):
    """ReLU's page: its title, then Definition, Properties, …, References, in that order."""
    page = activation_page(activation("relu"), analysis("relu"), "relu.svg")
    headings = _headings(page)
    assert headings[0] == "ReLU"
    expected = ["Definition", "Properties", "Nonlinearity", "In the frameworks", "References"]
    assert [h for h in headings if h in expected] == expected


def test_relu_page_links_its_plot_and_cites_its_references(analysis):
    """The plot is one image line (none without a plot); every reference's URL is cited."""
    relu = activation("relu")
    with_plot = activation_page(relu, analysis("relu"), "relu.svg")
    without = activation_page(relu, analysis("relu"), None)
    assert len(re.findall(r"^!\[.+\]\(relu\.svg\)", with_plot, re.MULTILINE)) == 1
    assert "![" not in without
    assert relu.spec.references
    for reference in relu.spec.references:
        assert f"<{reference.url}>" in with_plot


def test_page_is_a_function_of_its_inputs(analysis):
    """Rendering the same analysis twice gives the same text (what makes builds repeatable)."""
    gelu = activation("gelu")
    assert activation_page(gelu, analysis("gelu"), "g.svg") == activation_page(
        gelu, analysis("gelu"), "g.svg"
    )
