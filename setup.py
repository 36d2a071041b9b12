"""Builds the Japanese catalog (kamctl/locale/*/LC_MESSAGES/kamctl.po -> kamctl.mo) with the package.

Everything else is in pyproject.toml. In an editable install the compiled catalog is written
beside its source, where the package is imported from.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        here = Path(__file__).resolve().parent
        for source in sorted((here / "kamctl" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = source.relative_to(here).with_suffix(".mo")
            base = here if self.editable_mode else Path(self.build_lib)
            target = base / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as handle:
                catalog = read_po(handle)
            with target.open("wb") as handle:
                write_mo(handle, catalog)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        here = Path(__file__).resolve().parent
        compiled = [
            str(Path(self.build_lib) / source.relative_to(here).with_suffix(".mo"))
            for source in (here / "kamctl" / "locale").glob("*/LC_MESSAGES/*.po")
        ]
        return [*super().get_outputs(include_bytecode), *compiled]


setup(cmdclass={"build_py": build_py_with_catalogs})
