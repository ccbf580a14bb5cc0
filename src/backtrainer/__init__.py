"""BackTrainer: offline, data-driven exercise coaching for low back pain."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("backtrainer")
except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"
