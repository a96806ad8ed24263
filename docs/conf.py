"""Sphinx configuration of the gdperceptron documentation.

Build it from the repository root with warnings as errors (``tests/test_docs.py`` does the same)::

    python -m sphinx -W -b html docs docs/_build/html

The pages are Markdown (MyST) and reStructuredText; the API reference is drawn from the docstrings
(autodoc + napoleon) and the claims catalogue from the registry (``docs/catalogue.py``), without
running any check.  Nothing is fetched from the network at build time.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# The checkout being documented comes first, whatever copy of gdperceptron is installed; the docs
# folder holds the catalogue extension.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS))

project = "gdperceptron"
author = "the gdperceptron developers"
copyright = "the gdperceptron developers"


def _version() -> str:
    import gdperceptron

    return gdperceptron.__version__


release = version = _version()

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "myst_parser",
    "catalogue",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# MyST: $…$ and $$…$$ mathematics, ::: fences, anchors on headings up to level 3 so that a page's
# sections can be linked as page.md#anchor.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# autodoc: the public surface only (see docs/api/*.rst); signatures without type-hint clutter.
autodoc_default_options = {"members": True, "member-order": "bysource", "show-inheritance": False}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_inherit_docstrings = False
autoclass_content = "both"
napoleon_google_docstring = True
napoleon_numpy_docstring = True
napoleon_use_rtype = False

html_theme = "alabaster"
html_title = f"gdperceptron {release}"
html_static_path: list[str] = []
html_show_sourcelink = False

# Claims catalogue: the verdicts of a previous `gdperceptron check --json` run are shown when the
# environment variable GDPERCEPTRON_CHECK_RESULTS names its output file (see docs/catalogue.py).


# --- Docstrings are written in plain Unicode mathematics ------------------------------------------
# In them |x| is an absolute value and ‖v‖ a norm, but reStructuredText reads |x| as a substitution
# reference ("Undefined substitution referenced").  Before a docstring is parsed, every | outside
# literal text (``…``, roles such as :func:`…`, :: literal blocks and >>> examples) is escaped, so
# it is shown as written.  Nothing else is changed: any other markup problem still fails the build.

_LITERAL_SPAN = re.compile(r"(``.+?``|:[\w:.-]+:`[^`]*`|`[^`]*`_?)")


_LITERAL_DIRECTIVES = {"math", "code", "code-block", "sourcecode", "doctest", "testcode", "testoutput"}


def _escape_bars(line: str) -> str:
    parts = _LITERAL_SPAN.split(line)
    return "".join(p if i % 2 else re.sub(r"(?<!\\)\|", r"\\|", p) for i, p in enumerate(parts))


def escape_docstring_bars(lines: list[str]) -> list[str]:
    """The docstring ``lines`` with | escaped outside literal text (see above)."""
    out, literal_indent = [], None
    for line in lines:
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if literal_indent is not None:
            if not stripped or indent > literal_indent:
                out.append(line)
                continue
            literal_indent = None
        if stripped.startswith(">>>") or stripped.startswith("..."):
            out.append(line)
            continue
        out.append(_escape_bars(line))
        directive = re.match(r"\.\.\s+([\w-]+)::", stripped)
        if (stripped.endswith("::") and not directive) or (directive and directive.group(1) in _LITERAL_DIRECTIVES):
            literal_indent = indent
    return out


def _process_docstring(app, what, name, obj, options, lines):
    lines[:] = escape_docstring_bars(lines)


def setup(app):
    app.connect("autodoc-process-docstring", _process_docstring)
