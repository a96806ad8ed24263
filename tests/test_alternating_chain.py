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


# ---------------------------------------------------------------- the exact separator ---------
def reference_separator_margins(d):
    """y_i (|w′ᵀb_i| − 2|wᵀb_i|) with plain ints, w′ = (1, −1, …), w = (1, 1, −1, −1, …)."""
    wp = [1 if j % 2 == 0 else -1 for j in range(d)]
    w = [1 if (j // 2) % 2 == 0 else -1 for j in range(d)]
    rows, labels = reference_data(d)
    return [y * (abs(sum(p * b for p, b in zip(wp, row))) - 2 * abs(sum(q * b for q, b in zip(w, row))))
            for row, y in zip(rows, labels)]


def test_separator_reference_margins():
    for d in range(2, 31, 2):
        margins = reference_separator_margins(d)
        assert margins[:-1] == [2] * (d - 1) and margins[-1] == 1
    for d in range(1, 31, 2):
        assert reference_separator_margins(d)[-1] == -1


def test_separator_claim_is_proven_with_margin_one():
    from proofs import alternating_chain as ac
    result = gp.claims.get("acceleration.altchain-separator").check(quick=True)
    assert result.verdict is gp.PROVEN, result.summary
    closed = result.checks[0].evidence
    assert closed["i = d"] == 1 and all(v == 2 for k, v in closed.items() if k != "i = d")
    instances = result.checks[1].evidence["margins"]
    for d, values in instances.items():
        assert values == sorted(set(reference_separator_margins(d)))
    # the net the claim evaluates is the separator the reference computes
    assert ac.separator_params(4) == [1, -1, 1, -1, -1, 1, -1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -2, -2]


def test_false_variant_separator_for_odd_d_is_refuted():
    from proofs import alternating_chain as ac
    result = ac.altchain_separator("odd").check(quick=True)
    assert result.verdict is gp.REFUTED
    cex = result.counterexample
    assert cex["margin"] == -1 and reference_separator_margins(cex["d"])[cex["i"] - 1] == -1
