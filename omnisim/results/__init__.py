"""Results across exams, as pure functions of the exams' grading streams: each attempt's
outcome per criterion (``attempts``), a candidate's progress, a cohort, the calibration of
the automatic proposals against the juries and of the jurors against each other, and the
debrief a candidate reads after a training attempt.

The live layer (omnisim/live/results.py) folds the streams and feeds them here; the web
edge renders what comes back. Every figure keeps the cases it is made of (exam, candidate,
criterion, moment), so a page can link down to them.
"""
