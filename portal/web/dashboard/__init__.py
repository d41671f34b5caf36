"""What the home page reads: a few aggregate queries per block, all through ``visible_to``.

Each function costs a fixed number of queries whatever the size of the data, so a role's
home page does too (``portal/web/tests/test_home.py`` holds the counts).
"""
