"""`python -m newsalert ...` is the `newsalert` command."""

import sys

from newsalert.cli import main

sys.exit(main())
