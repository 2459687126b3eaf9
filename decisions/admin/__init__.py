"""The archive's admin: one module per model admin, their forms, and the import view.

Django's autodiscovery imports this package; importing the modules registers their admins.
"""

from decisions.admin import corrections, councillors, decisions  # noqa: F401  (registers)
