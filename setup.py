"""Build step: wheels and ``pip install .`` ship the compiled translation catalogues (``.mo``).

Everything else about the package is declared in ``pyproject.toml``.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """Compile every ``arena/<domain>/translations/<locale>/LC_MESSAGES/messages.po`` into the build."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path("arena").glob("*/translations/*/LC_MESSAGES/messages.po")):
            locale = po.parts[-3]
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithCatalogues})
