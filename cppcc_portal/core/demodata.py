"""What the demo seeder hands each app's `demo.py`: the shared context and the demo password.

Each app contributes `STEPS = [(order, seed)]` (core.contributions); `seed(ctx)` adds its part
of the demo district and may leave things in `ctx.data` for the steps after it.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from .contributions import contributions

DEMO_PASSWORD = "cppcc-demo-2026"


@dataclass
class DemoContext:
    scale: int
    rng: random.Random
    today: date
    stdout: object
    users: dict = field(default_factory=dict)  # role -> User
    data: dict = field(default_factory=dict)  # what one part leaves for the next

    def log(self, message):
        self.stdout.write(f"  {message}")


def demo_steps() -> list:
    """Every app's demo steps, in order: later parts use what earlier parts made."""
    return [seed for _order, seed in sorted(contributions("demo", "STEPS"), key=lambda s: s[0])]
