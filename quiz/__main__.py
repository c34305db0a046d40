"""`python -m quiz` does what the `ai-mba-fit` command does."""

from quiz.cli import run

run()
