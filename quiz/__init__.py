"""ai-mba-fit: a terminal quiz on whether an MBA in AI fits a technical professional.

Kept free of imports so that `ai-mba-fit --version` starts at once.
"""

__version__ = "0.1.0"
