using Berth.Cli.Formatting;
using static Berth.Cli.Tests.Formatting.TemplateTestData;

namespace Berth.Cli.Tests.Formatting;

public class GoTemplateErrorTests
{
    [Theory]
    [InlineData("{{foo}}", "template: :1: function \"foo\" not defined")]
    [InlineData("{{.ID | foo}}", "template: :1: function \"foo\" not defined")]
    [InlineData("line1\n{{bar .X}}", "template: :2: function \"bar\" not defined")]
    [InlineData("{{.ID", "template: :1: unclosed action")]
    [InlineData("{{.ID}", "template: :1: bad character U+007D '}'")]
    [InlineData("{{end}}", "template: :1: unexpected {{end}}")]
    [InlineData("{{else}}", "template: :1: unexpected {{else}}")]
    [InlineData("{{if .A}}x", "template: :1: unexpected EOF")]
    [InlineData("{{range .A}}x{{else}}y{{else}}z{{end}}", "template: :1: expected end; found {{else}}")]
    [InlineData("{{$x}}", "template: :1: undefined variable \"$x\"")]
    [InlineData("{{if}}{{end}}", "template: :1: missing value for if")]
    [InlineData("{{}}", "template: :1: missing value for command")]
    [InlineData("{{break}}", "template: :1: {{break}} outside {{range}}")]
    [InlineData("{{\"abc}}", "template: :1: unterminated quoted string")]
    [InlineData("{{.A | 3}}", "template: :1: non executable command in pipeline stage 2")]
    [InlineData("{{.A #}}", "template: :1: unrecognized character in action: U+0023 '#'")]
    [InlineData("{{(.A}}", "template: :1: unclosed left paren")]
    [InlineData("{{.A)}}", "template: :1: unexpected right paren")]
    [InlineData("{{3.B}}", "template: :1: bad number syntax: \"3.B\"")]
    [InlineData("{{\"a\".B}}", "template: :1: unexpected . after term \"\\\"a\\\"\"")]
    [InlineData("{{/* open", "template: :1: unclosed comment")]
    [InlineData("{{range $a, $b, $c := .L}}{{end}}", "template: :1: too many declarations in range")]
    [InlineData("{{define \"x\"}}{{end}}", "template: :1: {{define}} is not supported")]
    public void Parse_errors_read_like_go(string template, string expected) =>
        Assert.Equal(expected, Assert.Throws<TemplateException>(() => GoTemplate.Parse(template)).Message);

    [Theory]
    [InlineData("{{.S.X}}", "can't evaluate field X in type string")]
    [InlineData("{{.Nil.X}}", "nil pointer evaluating interface {}.X")]
    [InlineData("{{upper .N}}", "wrong type for value; expected string; got int")]
    [InlineData("{{upper .Missing}}", "invalid value; expected string")]
    [InlineData("{{index .L 5}}", "error calling index: index out of range: 5")]
    [InlineData("{{index .L \"a\"}}", "error calling index: cannot index slice/array with type string")]
    [InlineData("{{range .S}}{{end}}", "range can't iterate over abc")]
    [InlineData("{{upper}}", "wrong number of args for upper: want 1 got 0")]
    [InlineData("{{upper .S .S}}", "wrong number of args for upper: want 1 got 2")]
    [InlineData("{{eq .N \"x\"}}", "error calling eq: incompatible types for comparison")]
    [InlineData("{{lt .L .L}}", "error calling lt: invalid type for comparison")]
    [InlineData("{{.S 1}}", "S is not a method but has arguments")]
    [InlineData("{{\"x\" 1}}", "can't give argument to non-function \"x\"")]
    [InlineData("{{join .N \",\"}}", "wrong type for value; expected []string; got int")]
    [InlineData("{{len .N}}", "error calling len: len of type int")]
    public void Execution_errors_read_like_go(string template, string expected)
    {
        var message = ErrorOf(template, """{"S":"abc","N":5,"L":["a"],"Nil":null}""");
        Assert.StartsWith("template: :1:", message);
        Assert.Contains("executing \"\" at <", message);
        Assert.EndsWith(expected, message);
    }

    [Fact]
    public void Execution_error_names_line_column_and_node() =>
        Assert.Equal(
            "template: :2:4: executing \"\" at <index .L 5>: error calling index: index out of range: 5",
            ErrorOf("x\nab{{index .L 5}}", """{"L":[]}"""));

    [Fact]
    public void Partial_output_remains_when_execution_fails()
    {
        var output = new System.Text.StringBuilder();
        Assert.Throws<TemplateException>(() => GoTemplate.Parse("ok {{.S.X}} never").Execute(Json("""{"S":"a"}"""), output));
        Assert.Equal("ok ", output.ToString());
    }
}
