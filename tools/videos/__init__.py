"""Build-time exercise video renderer (``python -m tools.videos.render``)."""
