"""The property catalog (symact.registry, symact.derived) and what loops over it."""

import re
from pathlib import Path

import pytest
import sympy as sp

import symact
from symact import analysis as engine
from symact.derived import BY_NAME, PROPERTIES
from symact.export import CATALOG_KEYS, entry
from symact.provenance import exact, undetermined
from symact.registry import Inputs, Property, in_order

SCHEMA = Path(__file__).parent.parent / "docs" / "export-schema.md"


def _record(name, needs=(), uses=()):
    return Property(name, lambda i: exact(1), label=name, explanation="", needs=needs, uses=uses)


class TestOrder:
    def test_each_property_comes_after_what_it_needs_and_uses(self):
        """The catalog's order is a topological order of its dependency graph."""
        seen = set()
        for prop in PROPERTIES:
            assert seen.issuperset((*prop.needs, *prop.uses)), prop.name
            seen.add(prop.name)

    def test_declaration_order_is_kept_where_free(self):
        """Kahn's algorithm takes the earliest ready record: c before b only if b needs c."""
        order = in_order([_record("a"), _record("b", needs=("c",)), _record("c")])
        assert [p.name for p in order] == ["a", "c", "b"]

    @pytest.mark.parametrize(
        "records",
        [
            [_record("a", needs=("b",)), _record("b", uses=("a",))],
            [_record("a", needs=("missing",))],
            [_record("a"), _record("a")],
        ],
        ids=["cycle", "unknown", "twice"],
    )
    def test_a_broken_catalog_is_refused(self, records):
        with pytest.raises(ValueError):
            in_order(records)

    def test_parts_are_the_split_analyze_all_uses(self):
        """Moment steps need nothing of the shape part (only shared or moment steps)."""
        for prop in PROPERTIES:
            if prop.part == "moments":
                parts = {BY_NAME[n].part for n in (*prop.needs, *prop.uses)}
                assert parts <= {"both", "moments"}, prop.name


def test_a_step_whose_need_is_undetermined_says_so():
    """The runner reports a step needing an undetermined result as undetermined, citing
    the reason of what it needed."""
    runner = engine._Runner(1.0)
    missing = undetermined("no closed form")
    derived = runner.run("lipschitz", lambda: exact(sp.S.One), missing)
    assert derived.status == "undetermined"
    assert "no closed form" in derived.reason


def test_inputs_read_what_was_derived():
    found = {"f0": exact(sp.S.Half)}
    inputs = Inputs(sp.Symbol("x"), found)
    assert inputs.value("f0") == sp.S.Half and inputs["f0"] is found["f0"]


class TestLabels:
    def test_one_label_per_row(self):
        """No two rows of the property tables share a label (the Lipschitz mix-up)."""
        labels = [row.label for prop in PROPERTIES for row in prop.rows]
        assert len(labels) == len(set(labels)), labels

    def test_binary_step_page_shows_its_lipschitz_constant_as_infinite(self):
        """H jumps: sup |f′| = 0 where f′ exists, but its Lipschitz constant is ∞ — the
        page once showed sup |f′| labelled "Lipschitz constant" and said 0."""
        from symact.site.activation_page import property_rows

        rows = {
            label: value for label, value, _ in property_rows(symact.get("binary_step").analyze())
        }
        assert rows["Lipschitz constant"] == "$\\infty$"
        assert rows["sup |f′|"].startswith("$0$")
        assert "max |f′| (Lipschitz constant)" not in rows


def _documented_keys() -> set[str]:
    text = SCHEMA.read_text(encoding="utf-8")
    section = text.split("## Per activation", 1)[1].split("\n## ", 1)[0]
    keys = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            keys |= set(re.findall(r"`([a-z_0-9]+)`", line.split("|")[1]))
    return keys


def test_export_schema_documents_exactly_the_keys_the_registry_writes():
    """docs/export-schema.md's per-activation table lists the catalog keys and every
    property record's export keys, and nothing else."""
    written = {key for prop in PROPERTIES for key in prop.export_keys}
    assert _documented_keys() == written | set(CATALOG_KEYS)


def test_an_entry_has_exactly_the_declared_keys():
    """An export entry holds the catalog keys and the keys the records declare."""
    activation = symact.get("relu")
    document = entry(activation, activation.analyze())
    declared = {key for prop in PROPERTIES for key in prop.export_keys}
    assert set(document) == declared | set(CATALOG_KEYS)
