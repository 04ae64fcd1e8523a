using static Berth.Cli.Tests.Formatting.TemplateTestData;

namespace Berth.Cli.Tests.Formatting;

public class GoTemplateControlTests
{
    [Theory]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    [InlineData("\"\"", "no")]
    [InlineData("\"x\"", "yes")]
    [InlineData("0", "no")]
    [InlineData("0.0", "no")]
    [InlineData("2", "yes")]
    [InlineData("[]", "no")]
    [InlineData("[0]", "yes")]
    [InlineData("{}", "no")]
    [InlineData("""{"a":1}""", "yes")]
    [InlineData("null", "no")]
    public void If_uses_go_truth(string value, string expected) =>
        Assert.Equal(expected, Run("{{if .A}}yes{{else}}no{{end}}", $$"""{"A":{{value}}}"""));

    [Fact]
    public void If_on_missing_member_is_false() => Assert.Equal("no", Run("{{if .A}}yes{{else}}no{{end}}"));

    [Theory]
    [InlineData(1, "one")]
    [InlineData(2, "two")]
    [InlineData(3, "many")]
    public void Else_if_chains(int n, string expected) =>
        Assert.Equal(expected, Run("{{if eq .N 1}}one{{else if eq .N 2}}two{{else}}many{{end}}", $$"""{"N":{{n}}}"""));

    [Fact]
    public void With_rebinds_dot_or_runs_else()
    {
        Assert.Equal("x", Run("{{with .A}}{{.B}}{{else}}none{{end}}", """{"A":{"B":"x"}}"""));
        Assert.Equal("none", Run("{{with .A}}{{.B}}{{else}}none{{end}}", """{"A":null}"""));
        Assert.Equal("b", Run("{{with .A}}a{{else with .B}}{{.}}{{end}}", """{"B":"b"}"""));
    }

    [Fact]
    public void Range_over_list_sets_dot() =>
        Assert.Equal("[a][b]", Run("{{range .L}}[{{.}}]{{end}}", """{"L":["a","b"]}"""));

    [Fact]
    public void Range_with_index_and_element() =>
        Assert.Equal("0=a 1=b ", Run("{{range $i, $e := .L}}{{$i}}={{$e}} {{end}}", """{"L":["a","b"]}"""));

    [Fact]
    public void Range_with_single_variable_binds_element() =>
        Assert.Equal("ab", Run("{{range $e := .L}}{{$e}}{{end}}", """{"L":["a","b"]}"""));

    [Fact]
    public void Range_over_map_visits_keys_sorted() =>
        Assert.Equal("a=1;b=2;c=3;", Run("{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}", """{"M":{"c":3,"b":2,"a":1}}"""));

    [Fact]
    public void Range_over_map_without_variables_sets_dot_to_values() =>
        Assert.Equal("12", Run("{{range .M}}{{.}}{{end}}", """{"M":{"b":2,"a":1}}"""));

    [Theory]
    [InlineData("""{"L":[]}""")]
    [InlineData("""{"L":null}""")]
    [InlineData("{}")]
    public void Range_else_runs_when_nothing_to_visit(string json) =>
        Assert.Equal("empty", Run("{{range .L}}x{{else}}empty{{end}}", json));

    [Fact]
    public void Range_break_and_continue()
    {
        const string json = """{"N":[1,2,3,4]}""";
        Assert.Equal("12", Run("{{range .N}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", json));
        Assert.Equal("134", Run("{{range .N}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}", json));
    }

    [Fact]
    public void Range_over_integer_counts_from_zero() => Assert.Equal("012", Run("{{range 3}}{{.}}{{end}}"));

    [Fact]
    public void Nested_ranges()
    {
        const string json = """{"Nets":[{"Name":"a","Ports":[80,443]},{"Name":"b","Ports":[]}]}""";
        Assert.Equal("a:80,443,;b:;", Run("{{range .Nets}}{{.Name}}:{{range .Ports}}{{.}},{{end}};{{end}}", json));
    }

    [Fact]
    public void Variables_declare_and_assign()
    {
        Assert.Equal("x", Run("{{$x := .S}}{{$x}}", """{"S":"x"}"""));
        Assert.Equal("2", Run("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"));
        Assert.Equal("1", Run("{{$x := 1}}{{if true}}{{$x := 2}}{{end}}{{$x}}"));
    }

    [Fact]
    public void Declaration_prints_nothing() => Assert.Equal("", Run("{{$x := 5}}"));

    [Theory]
    [InlineData("a  {{- .S -}}  b", "axb")]
    [InlineData("a \n\t{{- .S}} b", "ax b")]
    [InlineData("a {{.S -}} \n b", "a xb")]
    [InlineData("{{ .S }}", "x")]
    [InlineData("{{-3}}", "-3")]
    [InlineData("a{{/* comment */}}b", "ab")]
    [InlineData("a {{- /* comment */ -}} b", "ab")]
    [InlineData("{{range .L -}}\n  {{.}}\n{{- end}}", "12")]
    public void Trim_markers_and_comments(string template, string expected) =>
        Assert.Equal(expected, Run(template, """{"S":"x","L":[1,2]}"""));

    [Theory]
    [InlineData("""{{"a\tb"}}""", "a\tb")]
    [InlineData("""{{"q\"\\\u00e9\x41"}}""", "q\"\\éA")]
    [InlineData("{{`raw\\n`}}", "raw\\n")]
    [InlineData("{{'a'}}", "97")]
    [InlineData("{{0x1F}}", "31")]
    [InlineData("{{1.50}}", "1.5")]
    [InlineData("{{true}} {{false}}", "true false")]
    public void Literals(string template, string expected) => Assert.Equal(expected, Run(template));

    [Fact]
    public void Newlines_inside_actions_are_spaces() =>
        Assert.Equal("a-b", Run("{{printf \"%s-%s\"\n  .A\n  .B}}", """{"A":"a","B":"b"}"""));
}
