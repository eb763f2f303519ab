"""Asset freezing in practice: sanctions lists, name screening, batch and delta screening."""
