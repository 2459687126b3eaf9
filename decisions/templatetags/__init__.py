"""Template tags and filters: one-line wrappers over domain rules kept elsewhere."""
