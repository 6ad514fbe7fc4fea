"""Rehearsals of a deck before any exam: scripted candidates play it at full speed on a fake
clock (player.py), every measure runs and the grid is proposed for each (dryrun.py)."""
