"""newsalert: a streaming news-alert processor.

This package is the composition root: it wires the pipeline (`streams`) and delivery
(`alerts`) into one Faust app (`newsalert.app`), names every topic (`newsalert.topics`) and
holds the command line (`newsalert.cli`). `streams` and `alerts` never import it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsalert")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"
