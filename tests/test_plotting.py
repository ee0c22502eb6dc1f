"""The plots (`symact.plotting`): samples against the definition, and reproducible files."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import activation

from symact.plotting import plot_activation, sample_segments


def test_relu_samples_are_its_two_pieces(analysis):
    """ReLU on [−5, 5] is sampled as two segments, 0 then x, meeting at the kink 0."""
    segments = sample_segments(analysis("relu").pieces.value, (-5.0, 5.0))
    assert [(s.lo, s.hi) for s in segments] == [(-5.0, 0.0), (0.0, 5.0)]
    for segment in segments:
        np.testing.assert_array_equal(segment.y, np.maximum(segment.x, 0.0))


def test_jump_stays_a_gap(analysis):
    """The binary step's two segments end at 0 with their one-sided limits 0 and 1."""
    left, right = sample_segments(analysis("binary_step").pieces.value, (-1.0, 1.0))
    assert (left.x[-1], left.y[-1]) == (0.0, 0.0)
    assert (right.x[0], right.y[0]) == (0.0, 1.0)


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_plot_is_byte_identical_when_redrawn(analysis, tmp_path, suffix):
    """The same activation plotted twice gives the same bytes (no date, fixed SVG ids)."""
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    for path in (first, second):
        plot_activation(activation("elu"), analysis("elu"), path)
    assert first.read_bytes() == second.read_bytes()
    if suffix == ".svg":
        assert b"<dc:date>" not in first.read_bytes()


def test_unknown_suffix_is_refused(analysis, tmp_path):
    """Only .svg and .png are written."""
    with pytest.raises(ValueError, match="unknown suffix"):
        plot_activation(activation("relu"), analysis("relu"), tmp_path / "relu.jpg")
