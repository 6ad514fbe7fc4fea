"""Security primitives for trainer sign-in, capability links and API tokens.

Kept pure and separate from pages and the exam model so each piece can be tested on its own:
``passwords`` (argon2 hashes), ``tokens`` (capability and API tokens, stored hashed) and
``signing`` (expiring signed session values and CSRF tokens bound to them).
"""
