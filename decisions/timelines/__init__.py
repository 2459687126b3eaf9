"""Timelines: stories told across decisions (the first is children's-services improvement).

This app owns the Timeline, TimelineMembership, TimelineEvent and DecisionLink models, the
service that keeps them in step with imported and corrected decisions, the timeline pages
and their admin. The rules that decide membership, events and follow-ups are pure Python
in ``rules/``, one registered rules object per timeline. The archive core never imports
this app: it plugs into the core's seams (``decisions.seams``) when Django starts.
"""
