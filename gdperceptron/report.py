"""Plain-text rendering of check results: the verdict table and a claim's full account."""

from __future__ import annotations

import shutil
from collections import Counter

from .claims.core import Claim, ClaimResult


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def verdict_table(results: list[ClaimResult]) -> str:
    """A fixed-width table: id, verdict, seconds, summary; then the count of each verdict."""
    id_w = max([len("claim")] + [len(r.claim_id) for r in results])
    total = shutil.get_terminal_size((120, 24)).columns
    summary_w = max(30, total - id_w - 24)
    lines = [f"{'claim':<{id_w}}  {'verdict':<9}  {'seconds':>7}  summary", "-" * min(total, id_w + 22 + summary_w)]
    for r in results:
        lines.append(f"{r.claim_id:<{id_w}}  {r.verdict.value:<9}  {r.seconds:>7.1f}  {_clip(r.summary, summary_w)}")
    counts = Counter(r.verdict.value for r in results)
    lines.append("")
    lines.append(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"  ({len(results)} claims)")
    return "\n".join(lines)


def claim_account(claim: Claim, result: ClaimResult | None = None) -> str:
    """Statement, provenance, derivation, and (when ``result`` is given) every check's evidence."""
    out = [f"{claim.id} — {claim.title}", f"provenance: {claim.provenance}", "", claim.statement]
    if claim.description:
        out += ["", claim.description]
    derived = claim.derive()
    if derived:
        out += ["", "derivation:"] + [f"  {label}: {obj}" for label, obj in derived]
    out += ["", "checks: " + ", ".join(f"{c.name} ({c.kind})" for c in claim.checks)]
    if result is not None:
        out += ["", f"verdict: {result.verdict.value} — {result.summary} ({result.seconds:.1f} s)"]
        for c in result.checks:
            precision = f", {c.dps} digits" if c.dps else ""
            out.append(f"  [{c.verdict.value}] {c.name} ({c.kind}{precision}, {c.seconds:.1f} s): {c.summary}")
            out += [f"      {line}" for line in c.transcript]
            if c.counterexample:
                out.append(f"      counterexample: {c.counterexample}")
    return "\n".join(out)
