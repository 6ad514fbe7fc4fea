"""Counting words per chat send as a jury counts them ("4-5 mots maximum par envoi").

A word is a whitespace-separated token holding a letter or a digit: elided and
hyphenated forms ("l'adresse", "aujourd'hui", "rendez-vous") count as one, numbers
count, lone punctuation (French spaced "?", "!", ":") and emoji do not.
"""

from __future__ import annotations


def count_words(text: str) -> int:
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))
