"""Procedure statecharts: a project's dated events against its policy's deadlines, in working days.

The flow: ``loader`` reads ``procedure.toml`` into ``spec`` models checked against the notice; ``events`` reads and
checks the project's events; ``chart`` compiles the procedure into a durable_rules statechart whose ``actions``
check the ``limits`` and record the steps (sharing a run's ``context``); ``deadlines`` gives the dates ahead;
``run`` puts it together into a ``models.Timeline``, whose texts are messages (``phrases``, the catalog's
``timeline.toml``) put in words by ``medpolicy.render.timeline`` or ``Timeline.to_json(lang=…)``.
"""
