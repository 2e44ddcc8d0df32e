"""`python -m bot` is the same as the `propdesk` command."""

import sys

from bot.cli.main import main

sys.exit(main())
