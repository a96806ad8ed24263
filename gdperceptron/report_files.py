"""A check run written to a folder: ``report.html``, ``report.md``, ``results.json`` and plots.

The HTML page has the verdict table, each claim's evidence and transcript, and the plots that
checks asked for (see :mod:`gdperceptron.plots`).  A few lines of script mark every image as
loaded or failed (``data-loaded`` and a visible caption), so a broken plot cannot go unnoticed.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from .errors import InputError
from .plots import plot_spec_is_valid, render

_STYLE = """body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}
.PROVEN{background:#c8f0c8}.VERIFIED{background:#d8f0d0}.SUPPORTED{background:#eef6d0}
.UNDECIDED{background:#f4ecc8}.REFUTED{background:#f4c8c8}pre{background:#f6f6f6;padding:.5em;overflow-x:auto}"""

_IMAGE_CHECK = """<script>
window.addEventListener('load', function () {
  document.querySelectorAll('img').forEach(function (img) {
    var ok = img.complete && img.naturalWidth > 0;
    img.setAttribute('data-loaded', ok ? 'true' : 'false');
    if (!ok) { img.insertAdjacentHTML('afterend', '<p class="broken">(image failed to load)</p>'); }
  });
  document.body.setAttribute('data-images-checked', 'true');
});
</script>"""


def _plots(results, out: Path) -> dict[tuple[str, str], list[str]]:
    """Render every plot the checks asked for; returns (claim id, check name) → file names."""
    files: dict[tuple[str, str], list[str]] = {}
    for r in results:
        for k, c in enumerate(r.checks):
            spec = c.evidence.get("plot") if isinstance(c.evidence, dict) else None
            if plot_spec_is_valid(spec):
                stem = f"{r.claim_id.replace('.', '_')}_{k}"
                render(spec, out / f"{stem}.png", out / f"{stem}.pdf")
                files[(r.claim_id, c.name)] = [f"{stem}.png", f"{stem}.pdf"]
    return files


def output_dir(path, option: str = "--out") -> Path:
    """The directory ``path``, created if needed and checked to be writable, before any work is done.

    An empty path, an existing file, or a directory that cannot be created or written raises
    :class:`InputError` with a one-line message that names ``option``.
    """
    if not str(path).strip():
        raise InputError(f"{option} needs a directory name, got an empty string")
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise InputError(f"{option} {str(out)!r} is an existing file, not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".gdperceptron-write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise InputError(f"{option} {str(out)!r}: cannot write there ({exc.strerror or exc})") from None
    return out


def output_file(path, option: str = "--out") -> Path:
    """The file ``path`` as a place to write to, checked before any work is done: not empty, not a
    directory, in an existing directory that may be written to (else :class:`InputError`)."""
    if not str(path).strip():
        raise InputError(f"{option} needs a file name, got an empty string")
    out = Path(path)
    parent = out.parent
    if out.is_dir():
        raise InputError(f"{option} {str(out)!r} is a directory, not a file")
    if not parent.is_dir():
        raise InputError(f"{option} {str(out)!r}: the directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError(f"{option} {str(out)!r}: permission denied")
    return out


def write_text(path: Path, text: str, option: str = "--out") -> None:
    """Write ``text`` to ``path``; a failure (disk full, permissions) raises a one-line InputError."""
    try:
        path.write_text(text)
    except OSError as exc:
        raise InputError(f"{option}: cannot write {str(path)!r} ({exc.strerror or exc})") from None


def write_report(results, claims, out_dir, run_info: str) -> Path:
    """Write the report files into ``out_dir`` (see :func:`output_dir`); returns the HTML path."""
    out = output_dir(out_dir)
    try:
        plots = _plots(results, out)
    except OSError as exc:
        raise InputError(f"--out: cannot write the plots into {str(out)!r} ({exc.strerror or exc})") from None
    by_id = {c.id: c for c in claims}
    write_text(out / "results.json", json.dumps([r.to_json() for r in results], indent=2, ensure_ascii=False))
    write_text(out / "report.md", _markdown(results, by_id, plots, run_info))
    page = out / "report.html"
    write_text(page, _html(results, by_id, plots, run_info))
    return page


def _markdown(results, by_id, plots, run_info) -> str:
    lines = ["# gdperceptron check report", "", run_info, "", "| claim | verdict | seconds | summary |",
             "| --- | --- | --- | --- |"]
    lines += [f"| `{r.claim_id}` | **{r.verdict.value}** | {r.seconds:.1f} | {r.summary.replace('|', '/')} |"
              for r in results]
    for r in results:
        claim = by_id[r.claim_id]
        lines += ["", f"## `{r.claim_id}` — {claim.title}", "", f"*{claim.provenance}*", "", claim.statement, ""]
        for c in r.checks:
            lines.append(f"- **{c.verdict.value}** {c.name} ({c.kind}{f', {c.dps} digits' if c.dps else ''}): "
                         f"{c.summary}")
            lines += [f"  ![{c.name}]({f})" for f in plots.get((r.claim_id, c.name), [])[:1]]
    return "\n".join(lines) + "\n"


def _html(results, by_id, plots, run_info) -> str:
    e = html.escape
    rows = "".join(f'<tr class="{r.verdict.value}"><td><a href="#{e(r.claim_id)}">{e(r.claim_id)}</a></td>'
                   f"<td>{r.verdict.value}</td><td>{r.seconds:.1f}</td><td>{e(r.summary)}</td></tr>" for r in results)
    sections = []
    for r in results:
        claim = by_id[r.claim_id]
        checks = []
        for c in r.checks:
            images = "".join(f'<p><img src="{e(f)}" alt="{e(c.name)}" width="600"></p>'
                             for f in plots.get((r.claim_id, c.name), []) if f.endswith(".png"))
            evidence = {k: v for k, v in c.to_json()["evidence"].items() if k != "plot"}
            witness = f"<p>Counterexample: <code>{e(json.dumps(c.counterexample, default=str))}</code></p>" \
                if c.counterexample else ""
            checks.append(f'<li class="{c.verdict.value}"><b>{c.verdict.value}</b> {e(c.name)} ({e(c.kind)}'
                          f"{f', {c.dps} digits' if c.dps else ''}, {c.seconds:.1f} s): {e(c.summary)}{witness}"
                          f"<pre>{e(chr(10).join(c.transcript))}</pre>"
                          f"<pre>{e(json.dumps(evidence, indent=1, ensure_ascii=False, default=str))}</pre>"
                          f"{images}</li>")
        sections.append(f'<h2 id="{e(r.claim_id)}">{e(r.claim_id)} — {e(claim.title)}</h2>'
                        f"<p><i>{e(str(claim.provenance))}</i></p><p>{e(claim.statement)}</p><ul>{''.join(checks)}</ul>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>gdperceptron report</title>'
            f"<style>{_STYLE}</style></head><body><h1>gdperceptron check report</h1><p>{e(run_info)}</p>"
            f'<table id="verdicts"><tr><th>claim</th><th>verdict</th><th>seconds</th><th>summary</th></tr>{rows}'
            f"</table>{''.join(sections)}{_IMAGE_CHECK}</body></html>\n")
