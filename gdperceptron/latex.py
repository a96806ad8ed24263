"""LaTeX export of claims: ``align`` environments ready to paste.

A claim prints as a comment block (id, title, provenance, verdict when known) followed by one
``align`` environment for its statement formulas and, when it derives something, one for its
derivation.  Relations print with their own symbol (=, ≤, <, …) aligned on it.
"""

from __future__ import annotations

import sympy as sp

_RELATION = {sp.Eq: "=", sp.Le: r"\le", sp.Lt: "<", sp.Ge: r"\ge", sp.Gt: ">", sp.Ne: r"\ne"}


def formula_row(obj) -> str:
    """One aligned row: ``lhs &<rel> rhs`` for a relation, ``&\\quad expr`` otherwise."""
    if isinstance(obj, str):
        return obj
    for cls, rel in _RELATION.items():
        if isinstance(obj, cls):
            return f"{sp.latex(obj.lhs)} &{rel} {sp.latex(obj.rhs)}"
    return f"&{sp.latex(obj)}"


def align(rows) -> str:
    body = " \\\\\n".join(formula_row(r) for r in rows)
    return "\\begin{align}\n" + body + "\n\\end{align}"


_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape_text(text: str) -> str:
    """Plain text made safe for ``\\text{…}``."""
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _comment(text: str) -> str:
    return "\n".join("% " + line for line in text.splitlines())


def claim_latex(claim, result=None) -> str:
    """The claim's statement (and derivation, and verdict if ``result`` is given) as LaTeX."""
    head = [f"{claim.id}: {claim.title}", f"provenance: {claim.provenance}", f"statement: {claim.statement}"]
    if result is not None:
        head.append(f"verdict: {result.verdict.value} -- {result.summary}")
    parts = [_comment("\n".join(head))]
    if claim.latex_statement:
        parts.append(claim.latex_statement)
    elif claim.formulas:
        parts.append(align(claim.formulas))
    derived = claim.derive()
    if derived:
        parts.append(_comment("derivation"))
        parts.append(align([formula_row(obj) + r" && \text{" + escape_text(label) + "}" for label, obj in derived]))
    return "\n".join(parts) + "\n"
