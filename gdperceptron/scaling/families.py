"""Pluggable data-set families indexed by the dimension d.

A family is a function ``d -> gdperceptron.Dataset``.  The chain family (docs/mathematics/acceleration.md §2) is registered
by default; a user registers a new one in a few lines::

    import gdperceptron as gp
    from gdperceptron.scaling import register_family

    @register_family("staircase", description="b_i = e_1 + ... + e_i, y_i = +1")
    def staircase(d):
        return gp.Dataset([[1 if j <= i else 0 for j in range(d)] for i in range(d)], [1] * d)

and then ``gdperceptron scaling --family staircase ...`` (the module defining it must be imported
first, e.g. with ``--plugin mymodule``) or ``run_study(families=["staircase"], ...)``.
Families must be importable by worker processes: define them at module level, not in a closure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import datasets
from ..data import Dataset
from ..errors import InputError


@dataclass(frozen=True)
class Family:
    name: str
    build: Callable[[int], Dataset]
    description: str = ""
    provenance: str = ""

    def __call__(self, d: int) -> Dataset:
        data = self.build(d)
        if not isinstance(data, Dataset):
            raise InputError(f"family {self.name!r} returned {type(data).__name__}, not a gdperceptron Dataset")
        if data.d != d:
            raise InputError(f"family {self.name!r} returned data with d = {data.d} features for d = {d}")
        return data


_FAMILIES: dict[str, Family] = {}


def register_family(name: str, build: Callable[[int], Dataset] | None = None, description: str = "",
                    provenance: str = "", replace: bool = False):
    """Register ``build`` (d → Dataset) under ``name``; usable as a decorator."""
    if not isinstance(name, str) or not name or any(c.isspace() or c == "," for c in name):
        raise InputError(f"family name must be a non-empty word, got {name!r}")

    def add(fn):
        if not callable(fn):
            raise InputError(f"family {name!r}: the builder must be callable")
        if name in _FAMILIES and _FAMILIES[name].build is not fn and not replace:
            raise InputError(f"a family named {name!r} is already registered")
        _FAMILIES[name] = Family(name, fn, description or (fn.__doc__ or "").strip().split("\n")[0], provenance)
        return fn

    return add(build) if build is not None else add


def get_family(name: str) -> Family:
    try:
        return _FAMILIES[name]
    except KeyError:
        known = ", ".join(sorted(_FAMILIES))
        raise InputError(f"unknown family {name!r} (registered: {known})") from None


def families() -> list[Family]:
    return [_FAMILIES[k] for k in sorted(_FAMILIES)]


register_family("chain", datasets.chain, "n = d, y_i = +1, b_i = e_i − e_{i+1} (i < d), b_d = e_d",
                provenance="[derived] docs/mathematics/acceleration.md §2")
register_family("signed_chain", datasets.signed_chain,
                "n = 2d: the chain's b_i with y = +1 and −b_i with y = −1", provenance="[derived]")
register_family("alternating_chain", datasets.alternating_chain,
                "d even, n = d: the chain's a_i with labels y_i = (−1)^{i+1} and inputs b_i = y_i a_i",
                provenance="[derived] our own example, not the paper's (issue 18)")
