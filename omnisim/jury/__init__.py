"""The jury's work on an exam: grading in two hands, reconciliation, signatures, interview.

Pure rules in ``workflow.py``, ``pass_rule.py``, ``integrity.py`` and ``interview.py``;
the store and the pages at the edge in ``service.py`` and ``pages.py``.
"""
