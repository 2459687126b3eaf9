"""Management commands: thin wrappers that parse arguments, call services and report."""
