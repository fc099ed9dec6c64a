"""Lets `python -m salesdesk` run the same entry point as the console script."""

import sys

from salesdesk.cli import main

sys.exit(main())
