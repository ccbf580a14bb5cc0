"""BackTrainer: offline, data-driven exercise coaching for low back pain."""

# Kept equal to pyproject's [project] version by tests/test_layering.py::test_version_matches_pyproject; a literal
# here because importlib.metadata costs ~30 ms at start-up.
__version__ = "0.1.0"
