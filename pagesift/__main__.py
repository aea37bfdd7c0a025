"""`python -m pagesift` is the `pagesift` command."""

from pagesift.app import main

main()
