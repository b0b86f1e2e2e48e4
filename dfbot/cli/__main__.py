"""`python -m dfbot.cli …` is `dfbot …` (for a checkout without the console script installed)."""

from dfbot.cli import main

main()
