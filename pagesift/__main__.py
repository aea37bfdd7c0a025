"""`python -m pagesift` is the `pagesift` command."""

from pagesift.app.cli import main

main()
