"""`python -m tinynet ...` is the `tinynet` command."""

import sys

from tinynet.explorer.cli import main

sys.exit(main())
