"""The jury's work on an exam: grading in two hands, reconciliation, signatures, interview.

Pure rules in ``workflow.py``, ``blind.py`` (what a member may be sent before the reveal),
``integrity.py`` and ``interview.py`` (the pass rule is the grid's, in
omnisim/grading/pass_rule.py); the store at the edge in omnisim/live/jury.py, the pages in
omnisim/web/pages/jury.py; what a jury member is sent is omnisim/protocol/jury_view.py.
"""
