import sys

from ctcoop.cli.entry import main

sys.exit(main())
