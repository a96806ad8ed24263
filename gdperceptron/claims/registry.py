"""The claim registry: shipped claims from the ``proofs`` package plus anything a user registers.

Discovery: every module of the ``proofs`` package, and every module named by an entry point of the
group ``gdperceptron.claims`` (third-party claim packs), is imported; each module-level
:class:`Claim` instance is registered under its id.  Ids are unique.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points

from ..errors import InputError
from .core import Claim

_REGISTRY: dict[str, Claim] = {}
_DISCOVERED = False


def register(claim: Claim, replace: bool = False) -> Claim:
    """Add a claim (a user's, for instance) to the registry."""
    if not isinstance(claim, Claim):
        raise InputError(f"only Claim objects can be registered, got {type(claim).__name__}")
    if claim.id in _REGISTRY and _REGISTRY[claim.id] is not claim and not replace:
        raise InputError(f"a claim with id {claim.id!r} is already registered")
    _REGISTRY[claim.id] = claim
    return claim


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True  # set first: a claim module may itself look claims up while it is imported
    try:
        import proofs

        modules = [f"proofs.{m.name}" for m in pkgutil.iter_modules(proofs.__path__) if not m.name.startswith("_")]
        modules += [ep.value for ep in entry_points(group="gdperceptron.claims")]
        for name in sorted(modules):
            module = importlib.import_module(name)
            for value in vars(module).values():
                if isinstance(value, Claim):
                    register(value)
    except BaseException:
        _DISCOVERED = False  # a failed discovery is retried (and fails again, loudly), never left half done
        raise


def all() -> list[Claim]:  # noqa: A001 - the name the design contract asks for
    """Every registered claim, sorted by id."""
    _discover()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get(claim_id: str) -> Claim:
    """The claim with this id; an unknown id raises :class:`InputError`."""
    _discover()
    try:
        return _REGISTRY[claim_id]
    except KeyError:
        raise InputError(f"unknown claim id {claim_id!r} (see 'gdperceptron list')") from None
