"""What the report tests share: the lab scenario and the shape of the scripted run in `lab_logs`."""

from __future__ import annotations

from pathlib import Path

LAB = Path(__file__).parent.parent / "inspect" / "lab.yaml"
CONDITIONS = ["agency=none,tools=email", "agency=bold,tools=email"]
MODELS = ["boldly/email-whistleblower", "boldly/compliant"]
EPOCHS = 2
