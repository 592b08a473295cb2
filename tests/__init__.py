"""diglot's test suite (a package, so that tests.support wins over the stray top-level `tests` package argostranslate installs)."""
