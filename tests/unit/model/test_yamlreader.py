"""The YAML reader: libyaml's fast composer gives the very tree PyYAML's Python composer gives,
and whatever libyaml cannot take (aliases, errors) is read again for a message with its line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from pipeline.errors import LeafletError
from pipeline.model import yamlreader

ROOT = Path(__file__).resolve().parents[3]
FILES = subprocess.run(["git", "ls-files", "*.yaml"], cwd=ROOT, capture_output=True, text=True,
                       check=True).stdout.split()


def shape(node: yaml.Node) -> object:
    """Everything a reader of the tree uses: tags, values, styles and lines."""
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        return (node.tag, node.start_mark.line, [(shape(k), shape(v)) for k, v in node.value])
    return (node.tag, node.start_mark.line, [shape(item) for item in node.value])


@pytest.mark.skipif(yamlreader._FastLoader is None, reason="PyYAML was built without libyaml")
def test_libyaml_gives_the_same_tree_as_the_python_composer_for_every_file_in_the_project():
    composed = 0
    for name in FILES:
        text = (ROOT / name).read_text(encoding="utf-8")
        try:
            slow = yaml.compose(text, Loader=yamlreader._NoAliasLoader)
        except yaml.YAMLError:
            assert yamlreader._fast_compose(text) is None, f"{name}: libyaml took what PyYAML refuses"
            continue
        fast = yamlreader._fast_compose(text)
        assert fast is not None and shape(fast) == shape(slow), name
        composed += 1
    assert composed >= 5, FILES


def test_an_alias_is_refused_on_its_own_line_and_never_expanded():
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    assert yamlreader._fast_compose(laughs) is None
    with pytest.raises(LeafletError, match=r"laughs\.yaml:2: not valid YAML: YAML aliases"):
        yamlreader.compose(laughs, "laughs.yaml")


@pytest.mark.parametrize("text, line", [("a: [1, 2\nb: 3\n", 2), ("a: b: c\n", 1), ("a:\n  - x\n - y\n", 3)])
def test_broken_yaml_names_the_line_whichever_composer_read_it(text, line):
    with pytest.raises(LeafletError) as caught:
        yamlreader.compose(text, "broken.yaml")
    assert caught.value.line == line and "not valid YAML" in str(caught.value)


def test_nesting_a_thousand_levels_deep_is_a_located_error_not_a_crash():
    with pytest.raises(LeafletError, match=r"deep\.yaml:1: not valid YAML here: nested too deeply"):
        yamlreader.compose("a: " + "[" * 100_000 + "]" * 100_000, "deep.yaml")
    with pytest.raises(LeafletError, match=r"deeper\.yaml:1\d\d\d: not valid YAML here: nested too deeply"):
        yamlreader.compose("".join(" " * i + "a:\n" for i in range(5_000)), "deeper.yaml")
