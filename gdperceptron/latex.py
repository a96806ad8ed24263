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
    if isinstance(obj, (bool, sp.logic.boolalg.BooleanAtom)):
        raise ValueError(f"a formula evaluated to {obj}: build the relation with evaluate=False")
    for cls, rel in _RELATION.items():
        if isinstance(obj, cls):
            return f"{sp.latex(obj.lhs)} &{rel} {sp.latex(obj.rhs)}"
    return f"&{sp.latex(obj)}"


def align(rows) -> str:
    body = " \\\\\n".join(formula_row(r) for r in rows)
    return "\\begin{align}\n" + body + "\n\\end{align}"


_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


_UNICODE_MATH = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "Γ": r"\Gamma", "δ": r"\delta", "Δ": r"\Delta",
    "ε": r"\varepsilon", "η": r"\eta", "θ": r"\theta", "Θ": r"\Theta", "κ": r"\kappa", "λ": r"\lambda",
    "μ": r"\mu", "ν": r"\nu", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "Σ": r"\Sigma", "τ": r"\tau",
    "φ": r"\varphi", "ϕ": r"\phi", "ψ": r"\psi", "ω": r"\omega", "Ω": r"\Omega", "ℓ": r"\ell",
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≪": r"\ll", "≫": r"\gg", "→": r"\to",
    "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "∞": r"\infty", "∈": r"\in", "∉": r"\notin",
    "∑": r"\sum", "∇": r"\nabla", "‖": r"\|", "·": r"\cdot", "×": r"\times", "−": "-", "√": r"\surd",
    "∪": r"\cup", "∩": r"\cap", "⊆": r"\subseteq", "⊂": r"\subset", "∀": r"\forall", "∃": r"\exists",
    "±": r"\pm", "∓": r"\mp", "⊗": r"\otimes", "ℝ": r"\mathbb{R}", "ᵀ": r"^{\top}", "⁻": "^{-}",
    "¹": "^{1}", "²": "^{2}", "³": "^{3}", "⁰": "^{0}", "₀": "_{0}", "₁": "_{1}", "₂": "_{2}", "₃": "_{3}",
    "ᵢ": "_{i}", "ₜ": "_{t}", "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "∘": r"\circ", "′": "'", "∂": r"\partial", "∅": r"\emptyset", "Õ": r"\tilde{O}",
}
_UNICODE_TEXT = {"…": r"\ldots{}", "—": "---", "–": "--", "“": "``", "”": "''", "‘": "`", "’": "'",
                 "é": r"\'e", "§": r"\S{}", "ö": r'\"o', "ü": r'\"u', "\u00a0": "~"}

_COMBINING = {"\u0302": r"\^", "\u0303": r"\~", "\u0304": r"\=", "\u0307": r"\.", "\u0301": r"\'"}


def escape_text(text: str) -> str:
    """Plain Unicode text made safe for pdflatex: specials escaped, mathematical symbols typeset as
    math, anything else outside ASCII shown by its code point (so the document always compiles)."""
    out = []
    for ch in text:
        if ch in _COMBINING and out:
            out[-1] = _COMBINING[ch] + "{" + out[-1] + "}"
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _UNICODE_MATH:
            out.append("$" + _UNICODE_MATH[ch] + "$")
        elif ch in _UNICODE_TEXT:
            out.append(_UNICODE_TEXT[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)


def _comment(text: str) -> str:
    return "\n".join("% " + line for line in text.splitlines())


def claim_latex(claim, result=None) -> str:
    """The claim's statement (and derivation, and verdict if ``result`` is given) as LaTeX."""
    head = [f"{claim.id}: {claim.title}", f"provenance: {claim.provenance}", f"statement: {claim.statement}"]
    if result is not None:
        head.append(f"verdict: {result.verdict.value} -- {result.summary}")
    return "\n".join([_comment("\n".join(head))] + _formula_blocks(claim, _comment("derivation"))) + "\n"


def _formula_blocks(claim, derivation_heading: str) -> list[str]:
    """The claim's statement formulas and, if it derives anything, the heading and derivation rows."""
    blocks = []
    if claim.latex_statement:
        blocks.append(claim.latex_statement)
    elif claim.formulas:
        blocks.append(align(claim.formulas))
    derived = claim.derive()
    if derived:
        blocks.append(derivation_heading)
        blocks.append(align([formula_row(obj) + r" && \text{" + escape_text(label) + "}" for label, obj in derived]))
    return blocks


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.5cm]{geometry}
\allowdisplaybreaks
\title{gdperceptron: checked claims}
\date{}
\begin{document}
\maketitle
"""


def standalone_document(claims, results=None) -> str:
    """A complete pdflatex document: every claim with its statement, derivation and (if given) verdict."""
    by_id = {r.claim_id: r for r in results or []}
    parts = [PREAMBLE]
    for claim in claims:
        result = by_id.get(claim.id)
        parts.append("\\section*{" + escape_text(claim.id) + "}")
        parts.append("\\textbf{" + escape_text(claim.title) + "}\\\\")
        parts.append("\\emph{Provenance:} " + escape_text(str(claim.provenance)) + "\\\\")
        if result is not None:
            precision = sorted({c.dps for c in result.checks if c.dps})
            shown = f" (numbers at {', '.join(map(str, precision))} digits)" if precision else ""
            parts.append("\\emph{Verdict:} \\textbf{" + result.verdict.value + "} --- "
                         + escape_text(result.summary + shown) + "\\\\")
        parts.append("\\emph{Statement.} " + escape_text(claim.statement))
        parts += _formula_blocks(claim, "\\emph{Derivation.}")
    parts.append("\\end{document}")
    return "\n\n".join(parts) + "\n"
