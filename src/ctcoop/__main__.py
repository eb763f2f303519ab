import sys

from ctcoop.cli.main import main

sys.exit(main())
