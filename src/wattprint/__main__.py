"""``python -m wattprint``."""

import sys

from wattprint.cli import main

sys.exit(main())
