"""The entry point: python build.py [build|check|serve|new] (careersite's command line)."""

from careersite.cli import main

raise SystemExit(main())
