"""The jury's outputs: the fiche individuelle de résultat, the procès-verbal de session, the CSV.

``sheets.py`` builds what they say from the folded exam (pure); ``render.py`` turns it into
printable HTML and, through WeasyPrint, into PDF; ``grading_csv.py`` writes the grading.
"""
