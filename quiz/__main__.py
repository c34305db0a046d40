"""`python -m quiz` does what the `ai-mba-fit` command does."""

import sys

from quiz.cli import main

sys.exit(main())
