"""`python -m pagesift` is the `pagesift` command."""

from .cli import main

main()
