import pytest

from katalog.content.yamlnodes import MAX_DEPTH, YamlRefused, parse


def value_of(node):
    """Plain Python values from a Node tree, to compare easily."""
    if isinstance(node.value, dict):
        return {key: value_of(child) for key, (_, child) in node.value.items()}
    if isinstance(node.value, list):
        return [value_of(child) for child in node.value]
    return node.value


def test_values_and_lines_count_from_the_first_line():
    node = parse("a: 1\nb:\n  - x\n  - 'no'\nc: no\n", first_line=2)
    assert value_of(node) == {"a": 1, "b": ["x", "no"], "c": False}
    assert node.value["b"][0] == 3
    assert node.value["b"][1].value[1].line == 5


def test_block_text_stays_text():
    assert value_of(parse("a: |\n  2020\n")) == {"a": "2020\n"}


@pytest.mark.parametrize("text, line, message", [
    ("a: 1\na: 2\n", 2, "duplicate key 'a' (first on line 1)"),
    ("a: &x 1\nb: *x\n", 1, "YAML anchor '&x' is not allowed"),
    ("a: *x\n", 1, "YAML alias '*x' is not allowed"),
    ("a: !!python/object:os.system x\n", 1, "YAML tag '!!python/object:os.system' is not allowed"),
    ("a: !!binary aGk=\n", 1, "YAML tag '!!binary' is not allowed"),
    ("a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
    ("a: " + "9" * 5000 + "\n", 1, "a: '" + "9" * 40 + "...' (5,000 characters) is not a valid number"),
    ('a: "\\x01"\n', 1, "a: control character \\u0001 is not allowed in a value"),
    ("a: 2020-02-30\n", 1, "a: '2020-02-30' is not a valid date"),
    ("a: ! 12\n", 1, "YAML tag '!' is not allowed"),
    ('a: "open\nb: 2\n', 1, "YAML syntax: found unexpected end of stream"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 1, f"YAML nested more than {MAX_DEPTH} levels deep"),
])
def test_refused(text, line, message):
    with pytest.raises(YamlRefused) as refused:
        parse(text)
    assert refused.value.line == line
    assert refused.value.message.startswith(message)


def test_billion_laughs_is_refused_at_the_first_anchor():
    lol = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n'
    with pytest.raises(YamlRefused, match="anchor"):
        parse(lol)


def test_tab_indentation_gets_a_hint():
    with pytest.raises(YamlRefused) as refused:
        parse("a:\n\t- x\n")
    assert refused.value.hint == "indent with spaces, not tabs"


def test_empty_document_is_none():
    assert parse("", first_line=2).value is None


def test_only_decimal_digits_make_a_number():
    assert value_of(parse("a: 0x7e4\nb: 1:20\nc: 2020\nd: -3\n")) == {"a": "0x7e4", "b": "1:20", "c": 2020, "d": -3}


def test_merge_and_value_keys_are_plain_text():
    # YAML 1.1 resolves '<<' and '=' to tags that have no safe constructor: this was a KeyError.
    assert value_of(parse("a: <<\nb: =\n<<: {x: 1}\n")) == {"a": "<<", "b": "=", "<<": {"x": 1}}


def test_lines_count_newlines_only():
    # YAML also breaks lines at U+2028; the editor's line 2 was reported as line 3.
    with pytest.raises(YamlRefused) as refused:
        parse("a: x\u2028y\nb: [\u2028\n")
    assert refused.value.line == 2
    # libyaml marks the end of a file without a final newline one line past it.
    assert parse("---").line == 1 and parse("a: |", first_line=3).value["a"][1].line == 3
