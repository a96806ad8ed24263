"""The alternating-label chain (issue 18): the data set, its claims, their false variants.

Reference values come from an independent route: the family rebuilt here from its definition with
plain Python integers and Fractions, never from the code under test.
"""

from fractions import Fraction

import pytest

import gdperceptron as gp


def reference_data(d):
    """b_i = y_i a_i with a_i = e_i − e_{i+1} (i < d), a_d = e_d, y_i = (−1)^{i+1}, 1-based i; plain ints."""
    rows, labels = [], []
    for i in range(1, d + 1):
        a = [0] * d
        a[i - 1] = 1
        if i < d:
            a[i] = -1
        y = (-1) ** (i + 1)
        rows.append([y * x for x in a])
        labels.append(y)
    return rows, labels


# ---------------------------------------------------------------- the data set -----------------
@pytest.mark.parametrize("d", [2, 4, 6, 16])
def test_alternating_chain_matches_definition(d):
    data = gp.datasets.alternating_chain(d)
    rows, labels = reference_data(d)
    assert data.n == d and data.d == d
    assert [[int(v) for v in row] for row in data.X] == rows
    assert [int(v) for v in data.y] == labels
    # y_i b_i is the chain's a_i, and v = (d, …, 1) separates with unit margins
    chain = gp.datasets.chain(d)
    assert [[int(y * v) for v in row] for row, y in zip(data.X, data.y)] == [[int(v) for v in r] for r in chain.X]
    v = list(range(d, 0, -1))
    assert all(y * sum(Fraction(int(b)) * w for b, w in zip(row, v)) == 1 for row, y in zip(rows, labels))


@pytest.mark.parametrize("d", [0, 1, 3, 7, -2])
def test_alternating_chain_rejects_odd_or_small_d(d):
    with pytest.raises(gp.InputError):
        gp.datasets.alternating_chain(d)


def test_alternating_chain_registered_in_scaling_families():
    family = gp.scaling.get_family("alternating_chain")
    assert [int(v) for v in family(8).y] == reference_data(8)[1]
    assert "derived" in family.provenance
