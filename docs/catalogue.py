"""The claims catalogue, generated from the registry (``gp.claims.all()``) without running any check.

Two uses:

* as a script, it prints the catalogue as Markdown (or writes it with ``--out``)::

      python docs/catalogue.py                                  # id, title, provenance, statement
      gdperceptron check --json > results.json
      python docs/catalogue.py --results results.json --out claims.md   # … and the verdicts of that run

* as a Sphinx extension (listed in ``docs/conf.py``), it provides the directive
  ``.. claims-catalogue::`` used by ``docs/claims.rst``.  The directive builds document nodes
  directly from the claims' text, so nothing in a statement (``|m|``, ``*``, backquotes) is read as
  markup.  When the environment variable ``GDPERCEPTRON_CHECK_RESULTS`` names the JSON output of
  ``gdperceptron check --json`` (or the ``results.json`` of ``gdperceptron report``), each entry
  also shows the verdict and summary of that run.

Only the claims' declared fields are read (id, title, provenance, statement, description, and the
names, kinds and coverage of their checks): building the catalogue runs nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable

RESULTS_VARIABLE = "GDPERCEPTRON_CHECK_RESULTS"

AREAS = {
    "reduction": ("Reduction", "GD on logistic-loss models as a weighted generalized perceptron, the noise "
                  "bound, homogeneity and the large-step limits.", "mathematics/reduction"),
    "spectral": ("Spectral", "The quadratic perceptron and the low-rank spectra of its matrices.",
                 "mathematics/reduction"),
    "precursor": ("Precursor", "Bounds and instances of the precursor paper (arXiv 2412.08424).",
                  "mathematics/precursor"),
    "acceleration": ("Acceleration", "The chain family: the Ω(d) barrier of linear GD and the measured "
                     "scaling of two-layer nets.", "mathematics/acceleration"),
    "margin": ("Margin", "The robustness margin of GD on a two-neuron ReLU net and its Θ(1/ln t) rate.",
               "mathematics/margin"),
}


def _root() -> Path:
    return Path(__file__).resolve().parent.parent


def load_claims() -> list:
    """Every registered claim, from the checkout this file belongs to."""
    root = str(_root())
    if root not in sys.path:
        sys.path.insert(0, root)
    import gdperceptron as gp

    return gp.claims.all()


def load_results(path: str | os.PathLike | None) -> dict[str, dict[str, Any]]:
    """``{claim id: result}`` from the JSON list written by ``gdperceptron check --json`` or ``report``."""
    if not path:
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(r, dict) and "id" in r for r in data):
        raise ValueError(f"{path}: expected the JSON list written by 'gdperceptron check --json'")
    return {r["id"]: r for r in data}


def claim_rows(claims: Iterable | None = None, results: dict[str, dict[str, Any]] | None = None) -> list[dict]:
    """One plain dictionary per claim, in registry order: what the catalogue shows."""
    claims = load_claims() if claims is None else list(claims)
    results = results or {}
    rows = []
    for c in claims:
        result = results.get(c.id)
        rows.append({
            "id": c.id,
            "area": c.id.split(".", 1)[0],
            "title": c.title,
            "tag": c.provenance.tag,
            "source": c.provenance.source,
            "statement": c.statement,
            "description": c.description,
            "checks": [(k.name, k.kind, k.covers) for k in c.checks],
            "verdict": result.get("verdict") if result else None,
            "summary": result.get("summary") if result else None,
        })
    return rows


def _areas(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    order = list(AREAS) + sorted({r["area"] for r in rows} - set(AREAS))
    return [(a, [r for r in rows if r["area"] == a]) for a in order if any(r["area"] == a for r in rows)]


# --- Markdown (the script) -------------------------------------------------------------------------

def _md(text: str) -> str:
    """Markdown-escape text that is meant literally."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_[]<>|#$" else ch)
    return "".join(out)


def render_markdown(rows: list[dict]) -> str:
    """The catalogue as a Markdown document."""
    shown = sum(1 for r in rows if r["verdict"])
    origin = (f"verdicts of {shown} claims from an earlier check run" if shown
              else "no check was run")
    lines = ["# Claims catalogue", "",
             f"{len(rows)} claims, generated from the registry by `docs/catalogue.py` ({origin}).", ""]
    for area, members in _areas(rows):
        title, blurb, _page = AREAS.get(area, (area.capitalize(), "", ""))
        lines += [f"## {title}", "", blurb, ""] if blurb else [f"## {title}", ""]
        for r in members:
            lines += [f"### `{r['id']}`", "", f"**{_md(r['title'])}**", "",
                      f"- provenance: [{r['tag']}] {_md(r['source'])}".rstrip()]
            if r["verdict"]:
                lines.append(f"- verdict on the last run: **{r['verdict']}**: {_md(r['summary'] or '')}")
            lines += ["- checks: " + "; ".join(f"{_md(n)} ({k}, covers {cv})" for n, k, cv in r["checks"]), "",
                      _md(r["statement"]), ""]
            if r["description"]:
                lines += [_md(r["description"]), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the claims catalogue (Markdown) from the registry.")
    parser.add_argument("--results", help="JSON output of 'gdperceptron check --json' to show verdicts from")
    parser.add_argument("--out", help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    text = render_markdown(claim_rows(results=load_results(args.results)))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


# --- Sphinx extension ------------------------------------------------------------------------------

def _nodes_for(rows: list[dict], document, docname: str):
    from docutils import nodes

    def para(*children):
        return nodes.paragraph("", "", *children)

    def field(name, *children):
        return nodes.field("", nodes.field_name("", name), nodes.field_body("", para(*children)))

    out = [para(nodes.Text(f"{len(rows)} claims, generated from the registry when these pages were built "
                           "(no check was run to build them)."))]
    for area, members in _areas(rows):
        title, blurb, page = AREAS.get(area, (area.capitalize(), "", ""))
        section = nodes.section(ids=[f"area-{nodes.make_id(area)}"], names=[f"area {area}"])
        section += nodes.title("", title)
        if blurb:
            section += para(nodes.Text(blurb + " "),
                            *( [nodes.Text("The mathematics: "),
                                _doc_ref(page, docname), nodes.Text(".")] if page else []))
        for r in members:
            entry = nodes.section(ids=[nodes.make_id(f"claim-{r['id']}")], names=[r["id"]])
            entry += nodes.title("", "", nodes.literal("", r["id"]))
            document.note_explicit_target(entry)  # other pages link to it as {ref}`<claim id>`
            entry += para(nodes.strong("", r["title"]))
            fields = nodes.field_list()
            fields += field("provenance", nodes.Text(f"[{r['tag']}] {r['source']}".strip()))
            if r["verdict"]:
                fields += field("last run", nodes.strong("", r["verdict"]), nodes.Text(f": {r['summary'] or ''}"))
            fields += field("checks", nodes.Text("; ".join(f"{n} ({k}, covers {cv})" for n, k, cv in r["checks"])))
            entry += fields
            entry += nodes.block_quote("", para(nodes.Text(r["statement"])))
            if r["description"]:
                entry += para(nodes.Text(r["description"]))
            section += entry
        out.append(section)
    return out


def _doc_ref(page: str, docname: str):
    """A link to another page of the docs (resolved by Sphinx's :doc: machinery)."""
    from sphinx import addnodes
    from docutils import nodes

    ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + page, refexplicit=False,
                                refdoc=docname, refwarn=True)
    ref += nodes.inline("", page)
    return ref


def setup(app):
    from docutils.parsers.rst import Directive

    class ClaimsCatalogue(Directive):
        """``.. claims-catalogue::`` — every registered claim with id, title, provenance and statement."""

        has_content = False

        def run(self):
            env = self.state.document.settings.env
            path = os.environ.get(RESULTS_VARIABLE)
            if path:
                env.note_dependency(os.path.abspath(path))
            rows = claim_rows(results=load_results(path))
            return _nodes_for(rows, self.state.document, env.docname)

    app.add_directive("claims-catalogue", ClaimsCatalogue)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    raise SystemExit(main())
