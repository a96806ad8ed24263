"""Exceptions raised for bad user input.

Every problem a user can cause (malformed data, an unknown claim id, γ ≤ 0, a precision too low
to mean anything) raises :class:`InputError`.  The command line turns it into a one-line message
and exit status 2; library callers catch it like any ``ValueError``.
"""


class InputError(ValueError):
    """Bad input: the message is one line that names the problem."""
