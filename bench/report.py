"""One row shape for every benchmark, and the table ``run_all.py`` prints.

A row: the figure, its value, the reference measured in the same run (if any), their ratio,
the target and whether it is met. Values are shown with their unit in the figure's name.
"""

from __future__ import annotations


def grouped(number: float, digits: int = 0) -> str:
    """1 234 567.8: thousands apart by a space, as Russian text writes them."""
    return f"{number:,.{digits}f}".replace(",", " ")


def row(
    figure: str,
    value: float,
    *,
    target: str,
    ok: bool,
    reference: float | None = None,
    digits: int = 1,
) -> dict:
    return {
        "figure": figure,
        "value": grouped(value, digits),
        "reference": "—" if reference is None else grouped(reference, digits),
        "ratio": f"{value / reference:.2f}×" if reference else "—",
        "target": target,
        "ok": ok,
    }


def print_table(rows: list[dict], *, title: str = "") -> None:
    if title:
        print(title)
    width = max([len(r["figure"]) for r in rows] + [10])
    print(
        f"{'показатель':<{width}}  {'значение':>10}  {'эталон':>10}  {'×':>7}  {'цель':<10}  итог"
    )
    for r in rows:
        verdict = "—" if r["ok"] is None else ("да" if r["ok"] else "НЕТ")
        print(
            f"{r['figure']:<{width}}  {r['value']:>10}  {r['reference']:>10}  {r['ratio']:>7}  "
            f"{r['target']:<10}  {verdict}"
        )
    passed = sum(1 for r in rows if r["ok"])
    judged = sum(1 for r in rows if r["ok"] is not None)
    print(f"выполнено целей: {passed} из {judged}")
