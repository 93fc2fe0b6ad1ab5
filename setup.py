"""What pyproject.toml cannot say: folders of the checkout that ship inside the package under another name.

scenarios/ (the certification suite) becomes harness.suite and contracts/ (the JSON Schemas of scenario and
profile files) becomes harness.contracts. Everything else about the package is in pyproject.toml.
harness.resources finds them there when installed, and falls back to the checkout's folders (an editable
install has no harness/suite/ folder).
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["fakes*", "harness*", "examples*"]),
        "harness.suite",
        "harness.contracts",
    ],
    package_dir={"harness.suite": "scenarios", "harness.contracts": "contracts"},
)
