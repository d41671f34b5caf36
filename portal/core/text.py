"""Russian text as people type it."""


def fold_yo(text: str) -> str:
    """«ё» as «е»: most people type «трехстворчатое» and «черный», while 1C may hold
    «трёхстворчатое» and «Чёрный»; searches fold both sides."""
    return text.replace("ё", "е").replace("Ё", "Е")
