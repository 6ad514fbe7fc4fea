"""The jury's work on an exam: grading in two hands, reconciliation, signatures, interview.

Pure rules in ``workflow.py``, ``integrity.py`` and ``interview.py`` (the pass rule is the
grid's, in omnisim/grading/pass_rule.py);
the store and the pages at the edge in ``service.py`` and ``pages.py``.
"""
