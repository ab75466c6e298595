"""`python -m newsalert.cli ...` is the `newsalert` command too (as `python -m newsalert ...`)."""

import sys

from newsalert.cli import main

sys.exit(main())
