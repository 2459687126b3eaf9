"""Harvesting councils' ModernGov sites: an app built on the archive core (the core runs
without it). fetch.py and harvest.py fetch and read, storing nothing; the models keep what
was fetched (provenance) and what a page says beyond a notice; services.py writes it."""
