import sys

from transpyle.cli import main

sys.exit(main())
