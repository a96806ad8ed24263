"""Claims, checks and verdicts — the heart of the checker (docs/verdicts.md).

A :class:`Claim` is a statement with provenance and a list of checks.  A check is a function
``check(ctx) -> CheckResult`` that declares what its verdict covers (``covers``):

* ``"claim"`` (default) — the verdict is about the whole statement;
* ``"part"`` — the check establishes one part of the statement; the parts together make the claim,
  so their joint verdict is the weakest of them (a conjunction);
* ``"evidence"`` — a search that covers no definite part (a sub-domain, a few instances, a trend):
  it can refute the claim with a counterexample but can never confirm it.

The claim's verdict is then

* REFUTED if any check produced a counterexample (whatever it covers);
* otherwise the strongest of: each ``"claim"`` check's verdict, and the weakest ``"part"`` verdict;
  ``"evidence"`` checks contribute nothing positive; no candidate at all gives UNDECIDED;
* a check that raised an exception counts as UNDECIDED and is recorded as an error.

Nothing upgrades a verdict: a check's verdict is what it earned, and the aggregate only selects.
"""

from __future__ import annotations

import enum
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import sympy as sp

from ..errors import InputError


class Verdict(enum.Enum):
    """The five verdicts, ordered by strength (REFUTED is separate: it ends the discussion)."""

    PROVEN = "PROVEN"
    VERIFIED = "VERIFIED"
    SUPPORTED = "SUPPORTED"
    UNDECIDED = "UNDECIDED"
    REFUTED = "REFUTED"

    @property
    def strength(self) -> int:
        return {"PROVEN": 3, "VERIFIED": 2, "SUPPORTED": 1, "UNDECIDED": 0, "REFUTED": -1}[self.value]

    def __str__(self) -> str:
        return self.value


PROVEN, VERIFIED, SUPPORTED, UNDECIDED, REFUTED = (Verdict.PROVEN, Verdict.VERIFIED, Verdict.SUPPORTED,
                                                    Verdict.UNDECIDED, Verdict.REFUTED)

PROVENANCE_TAGS = ("paper", "precursor", "derived", "literature")


@dataclass(frozen=True)
class Provenance:
    """Where a claim comes from: a provenance tag (docs/mathematics/index.md) and the source's reference."""

    tag: str
    source: str = ""

    def __post_init__(self):
        if self.tag not in PROVENANCE_TAGS:
            raise InputError(f"provenance tag must be one of {', '.join(PROVENANCE_TAGS)}, got {self.tag!r}")

    def __str__(self) -> str:
        return f"[{self.tag}] {self.source}".strip()


@dataclass
class CheckResult:
    """What one check earned: verdict, a one-line summary, evidence and, if REFUTED, a witness.

    ``evidence`` holds JSON-able facts (what was computed, how many examples, fitted constants);
    ``dps`` the decimal precision of the numbers in it (None for exact/symbolic work);
    ``transcript`` the readable steps by which the verdict was earned.
    """

    verdict: Verdict
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    transcript: list[str] = field(default_factory=list)
    counterexample: dict[str, Any] | None = None
    dps: int | None = None
    name: str = ""
    kind: str = ""
    covers: str = "claim"
    seconds: float = 0.0
    error: str | None = None

    def __post_init__(self):
        if not isinstance(self.verdict, Verdict):
            hint = f"gp.{self.verdict}" if str(self.verdict) in Verdict.__members__ else "gp.PROVEN, gp.SUPPORTED, …"
            raise InputError(f"CheckResult needs a verdict such as {hint}, not the {type(self.verdict).__name__} "
                             f"{self.verdict!r}")
        if not isinstance(self.summary, str):
            raise InputError(f"CheckResult summary must be a one-line string, got {type(self.summary).__name__}")
        if not isinstance(self.evidence, dict):
            raise InputError(f"CheckResult evidence must be a dict, got {type(self.evidence).__name__}")
        if self.verdict is REFUTED and not (isinstance(self.counterexample, dict) and self.counterexample):
            raise InputError("a REFUTED check result must carry its counterexample: "
                             "CheckResult(gp.REFUTED, summary, counterexample={'x': ...})")
        if self.counterexample is not None and self.verdict is not REFUTED:
            raise InputError(f"a {self.verdict} check result cannot carry a counterexample (only REFUTED does)")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "covers": self.covers, "verdict": self.verdict.value,
                "summary": self.summary,
                "seconds": round(self.seconds, 3), "dps": self.dps, "evidence": _jsonable(self.evidence),
                "transcript": list(self.transcript), "counterexample": _jsonable(self.counterexample),
                "error": self.error}


@dataclass
class CheckContext:
    """What a check may use: the seed, the working precision, quick mode and its time budget (enforced
    by the runner, which stops a claim that overruns it)."""

    seed: int = 0
    dps: int = 50
    quick: bool = False
    budget_seconds: float = 60.0


COVERS = ("claim", "part", "evidence")


@dataclass
class Check:
    """A named check of a given kind (symbolic, certified, instance, property, asymptotic) and what
    its verdict covers (``"claim"``, ``"part"`` or ``"evidence"``; see the module docstring)."""

    name: str
    kind: str
    run: Callable[[CheckContext], CheckResult]
    covers: str = "claim"

    def __post_init__(self):
        _validate_check(self.kind, self.covers)

    def __call__(self, ctx: CheckContext, isolate: bool = False, seconds: float | None = None) -> CheckResult:
        """Run the check; with ``isolate``, in a forked worker (:mod:`.isolation`) stopped after
        ``seconds``: an abort, a hang or a crash of the interpreter then costs only this check, which
        comes back UNDECIDED with the reason (an abort or crash also records an error)."""
        start = time.monotonic()
        if isolate and seconds is not None:
            from .isolation import run_isolated

            kind, payload = run_isolated(lambda: self._run_here(ctx), seconds, portable=_portable)
            if kind == "raised" and isinstance(payload, InputError):
                raise payload
            if kind == "result":
                result = payload
            elif kind == "timeout":
                result = CheckResult(UNDECIDED, f"stopped: the claim's time budget of {ctx.budget_seconds:g} s was "
                                     "exceeded")
            else:
                reason = payload if kind == "died" else f"{type(payload).__name__}: {payload}"
                result = CheckResult(UNDECIDED, f"check crashed: {reason}", error=str(reason))
        else:
            result = self._run_here(ctx)
        result.name, result.kind, result.covers = self.name, self.kind, self.covers
        result.seconds = time.monotonic() - start
        return result

    def _run_here(self, ctx: CheckContext) -> CheckResult:
        try:
            result = self.run(ctx)
        except InputError:
            raise
        except Exception as exc:  # a crashing check earns nothing
            result = CheckResult(UNDECIDED, f"check raised {type(exc).__name__}: {exc}",
                                 error="".join(traceback.format_exception_only(type(exc), exc)).strip())
        if not isinstance(result, CheckResult):
            raise InputError(f"check {self.name!r} returned {type(result).__name__}, not a gp.CheckResult: "
                             "return CheckResult(verdict, summary, evidence)")
        return result


def _portable(result: CheckResult) -> CheckResult:
    """``result`` with its evidence and counterexample in JSON form (for a worker's answer that
    does not pickle)."""
    as_json = result.to_json()
    result.evidence, result.counterexample = as_json["evidence"], as_json["counterexample"]
    return result


GRACE_SECONDS = 15.0
"""How long a check may overrun its claim's budget before its worker is stopped (startup, pickling)."""


CHECK_KINDS = ("symbolic", "certified", "instance", "property", "asymptotic")


def _validate_check(kind: str, covers: str) -> None:
    if kind not in CHECK_KINDS:
        raise InputError(f"check kind must be one of {', '.join(CHECK_KINDS)}, got {kind!r}")
    if covers not in COVERS:
        raise InputError(f"covers must be one of {', '.join(COVERS)}, got {covers!r}")


def check(kind: str, name: str | None = None, covers: str = "claim"):
    """Decorator turning ``fn(ctx) -> CheckResult`` into a :class:`Check` (arguments checked at once)."""
    _validate_check(kind, covers)

    def wrap(fn):
        return Check(name or fn.__name__.replace("_", " "), kind, fn, covers)

    return wrap


@dataclass
class ClaimResult:
    """A claim's aggregate verdict with every check's result."""

    claim_id: str
    verdict: Verdict
    summary: str
    checks: list[CheckResult]
    seconds: float

    @property
    def evidence(self) -> dict[str, Any]:
        return {c.name: c.evidence for c in self.checks}

    @property
    def counterexample(self) -> dict[str, Any] | None:
        return next((c.counterexample for c in self.checks if c.verdict is REFUTED), None)

    @property
    def errored(self) -> bool:
        return any(c.error for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.claim_id, "verdict": self.verdict.value, "seconds": round(self.seconds, 3),
                "summary": self.summary, "counterexample": _jsonable(self.counterexample),
                "checks": [c.to_json() for c in self.checks]}


def aggregate(claim_id: str, results: Sequence[CheckResult], seconds: float) -> ClaimResult:
    """Combine check results by the rule in the module docstring."""
    refuting = [r for r in results if r.verdict is REFUTED]
    if refuting:
        return ClaimResult(claim_id, REFUTED, f"{refuting[0].name}: {refuting[0].summary}", list(results), seconds)
    candidates = [r for r in results if r.covers == "claim"]
    parts = [r for r in results if r.covers == "part"]
    if parts:
        candidates.append(min(parts, key=lambda r: r.verdict.strength))  # the weakest part bounds the whole
    if not candidates:
        return ClaimResult(claim_id, UNDECIDED, "no check covers the claim (evidence only)", list(results), seconds)
    best = max(candidates, key=lambda r: r.verdict.strength)
    label = "weakest part, " if best.covers == "part" else ""
    return ClaimResult(claim_id, best.verdict, f"{label}{best.name}: {best.summary}", list(results), seconds)


class Claim:
    """A checkable statement.

    Parameters
    ----------
    id, title : str
        Stable identifier (``area.short-name``) and a one-line title.
    statement : str
        The statement in words/Unicode mathematics, with its hypotheses.
    provenance : Provenance or str
        ``"derived"`` or ``Provenance("precursor", "arXiv 2412.08424, Thm 4.1")``.
    checks : list of Check
    formulas : SymPy objects (Eq, relationals, expressions) that state the claim, for LaTeX.
    derivation : optional callable returning a list of (label, SymPy object) rows: what the claim
        derives symbolically, shown by ``show`` and ``latex``.
    """

    def __init__(self, id: str, title: str, statement: str, provenance, checks: Sequence[Check],
                 formulas: Sequence[Any] = (), derivation: Callable[[], list] | None = None,
                 description: str = "", latex_statement: str | None = None):
        if not isinstance(id, str) or not id or " " in id:
            raise InputError(f"claim id must be a non-empty string without spaces, got {id!r}")
        self.id, self.title, self.statement = id, title, statement
        self.provenance = provenance if isinstance(provenance, Provenance) else Provenance(str(provenance))
        self.checks = list(checks) if isinstance(checks, (list, tuple)) else [checks]
        if not self.checks:
            raise InputError(f"claim {id}: at least one check is required")
        for c in self.checks:
            if not isinstance(c, Check):
                raise InputError(f"claim {id}: {c!r} is not a check; use a ready-made one from gp.checks or "
                                 "decorate fn(ctx) -> CheckResult with @gp.check('property')")
        self.formulas = list(formulas)
        self.derivation = derivation
        self.description = description
        self.latex_statement = latex_statement

    def __repr__(self) -> str:
        return f"Claim({self.id!r})"

    def check(self, seed: int = 0, dps: int = 50, quick: bool = False, budget_seconds: float = 90.0,
              isolate: bool = True) -> ClaimResult:
        """Run every check and aggregate; see the module docstring for the rule.

        Each check runs in its own forked worker process (``isolate=True``, the default), within what
        is left of ``budget_seconds`` (plus a short grace): a check that aborts the interpreter, hangs
        or overruns comes back UNDECIDED with the reason, and the checks after an exhausted budget
        are not run (UNDECIDED).  ``isolate=False`` runs the checks in this process, without that
        protection or a time limit (for debugging a check, or one that records what it saw).
        """
        from ..numbers import check_dps

        if not (isinstance(budget_seconds, (int, float)) and not isinstance(budget_seconds, bool)
                and 0 < budget_seconds < float("inf")):
            raise InputError(f"budget_seconds must be a positive number of seconds, got {budget_seconds!r}")
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise InputError(f"seed must be a non-negative integer, got {seed!r}")
        if not isinstance(quick, bool):
            raise InputError(f"quick must be True or False, got {quick!r}")
        ctx = CheckContext(seed=seed, dps=check_dps(dps), quick=quick, budget_seconds=budget_seconds)
        start = time.monotonic()
        results = []
        for c in self.checks:
            left = budget_seconds - (time.monotonic() - start)
            if isolate and left <= 0:
                results.append(CheckResult(UNDECIDED, f"not run: the claim's time budget of {budget_seconds:g} s "
                                           "was used up by the checks before it", name=c.name, kind=c.kind,
                                           covers=c.covers))
                continue
            results.append(c(ctx, isolate=isolate, seconds=left + min(GRACE_SECONDS, budget_seconds)))
        return aggregate(self.id, results, time.monotonic() - start)

    def derive(self) -> list[tuple[str, Any]]:
        return list(self.derivation()) if self.derivation else []

    def latex(self, result: ClaimResult | None = None) -> str:
        from ..latex import claim_latex

        return claim_latex(self, result)


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Verdict):
        return value.value
    if isinstance(value, sp.Basic):
        return str(value)
    return str(value)
