"""Adversarial corpus of the checker itself (issue 12): claims written the way a user writes them.

Each ``corpus_*`` module lists :class:`~.entries.Entry` objects: a claim built with the public API
only (``import gdperceptron as gp``), its ground truth, and the independent computation (exact
rationals, SymPy polynomial arithmetic, or mpmath interval arithmetic at a precision far above the
checker's) that establishes that truth.  ``test_corpus`` runs every claim in a forked process and
asserts that no false claim earns PROVEN, VERIFIED or SUPPORTED, that no true claim is REFUTED,
and that nothing crashes or hangs.
"""
