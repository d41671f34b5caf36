"""The CommerceML 2 HTTP exchange that 1C's «Обмен с сайтом» speaks (COMMERCEML.md §1)."""
