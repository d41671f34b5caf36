"""Every audit action the code writes has a Russian label for the journal page."""

import re
from pathlib import Path

from portal.audit.actions import LABELS
from portal.orders import workflow

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r'audit_record\(\s*action="([a-z0-9_.]+)"')


def _written_actions() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1))
    return found


def test_every_literal_audit_action_has_a_label():
    assert sorted(_written_actions() - set(LABELS)) == []


def test_every_order_action_has_a_label():
    order_actions = {t.action for t in workflow.TRANSITIONS} | {
        f"units_{s}" for s in workflow.UNIT_STEPS
    }
    missing = sorted(a for a in order_actions if f"order_{a}" not in LABELS)
    assert missing == []
