"""Exit codes of the ``charte`` command. 0–2 are verdicts; errors use the sysexits values."""

ALLOW = 0
REVIEW = 1
BLOCK = 2
USAGE = 64  # bad command line
DATA = 65  # invalid policy or input data
NO_INPUT = 66  # input file missing or unreadable
UNAVAILABLE = 69  # the command needs an optional extra that is not installed (charte[server])
INTERNAL = 70  # a bug: please report it
CANT_CREATE = 73  # output file cannot be written
