"""The command people type: python build.py [build|check|serve|new]."""

from careersite.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
