"""The archive core: Decision, Clause, Councillor and Correction, how notices are imported
into them, and how they are searched, shown, corrected and exported.

Feature apps live inside this package but are apps of their own (``decisions.timelines``);
the core never imports them and offers them seams instead (``decisions.seams``).
``decisions.parsing`` is pure Python and knows nothing of Django.
"""
