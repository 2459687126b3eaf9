"""Project settings and URLs: settings come from the environment (see env.py)."""
