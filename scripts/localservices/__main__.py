"""python3 -m scripts.localservices ensure|stop|status"""

import sys

from . import COMMANDS

if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
    sys.exit(f"usage: python3 -m scripts.localservices {'|'.join(COMMANDS)}")
COMMANDS[sys.argv[1]]()
