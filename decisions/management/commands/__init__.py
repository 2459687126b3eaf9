"""import_notices and export_decisions: see each command's docstring for its usage."""
