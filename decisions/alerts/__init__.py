"""Email alerts: people subscribe to a search, a councillor, a timeline, a council or one
decision, confirm by a link, and get one email a run with everything new that matched.

An app of its own, built on the core: it records each change the core reports (a derived
step, seams.py), matches those changes against the alerts in `manage.py send_alerts`
(matching.py), writes each email to an outbox before sending it (sending.py), and adds its
"Get email alerts" form to the core's pages through page blocks.
"""
