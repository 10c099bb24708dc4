"""`python -m argmap` runs the command line."""

from .cli import main

main()
