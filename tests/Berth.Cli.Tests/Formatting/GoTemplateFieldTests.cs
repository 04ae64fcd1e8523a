using static Berth.Cli.Tests.Formatting.TemplateTestData;

namespace Berth.Cli.Tests.Formatting;

public class GoTemplateFieldTests
{
    [Theory]
    [InlineData("plain text", "{}", "plain text")]
    [InlineData("{{.Name}}", """{"Name":"web"}""", "web")]
    [InlineData("id={{.ID}} name={{.Name}}", """{"ID":"abc","Name":"web"}""", "id=abc name=web")]
    [InlineData("{{.A.B}}", """{"A":{"B":"deep"}}""", "deep")]
    [InlineData("{{.A.B.C}}", """{"A":{"B":{"C":7}}}""", "7")]
    [InlineData("{{.name}}", """{"Name":"web"}""", "<no value>")]
    [InlineData("{{.Missing}}", """{"Name":"web"}""", "<no value>")]
    [InlineData("{{.Missing.Deeper}}", "{}", "<no value>")]
    [InlineData("{{.Null}}", """{"Null":null}""", "<nil>")]
    [InlineData("{{.Flag}} {{.Off}}", """{"Flag":true,"Off":false}""", "true false")]
    [InlineData("{{.Dup}}", """{"Dup":1,"Dup":2}""", "2")]
    public void Looks_up_members_like_a_go_map(string template, string json, string expected) =>
        Assert.Equal(expected, Run(template, json));

    [Theory]
    [InlineData("1000000", "1000000")]
    [InlineData("-42", "-42")]
    [InlineData("1.5", "1.5")]
    [InlineData("100.0", "100")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1234567.5", "1.2345675e+06")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("123456.5", "123456.5")]
    public void Prints_numbers_as_go_fmt_v(string number, string expected) =>
        Assert.Equal(expected, Run("{{.N}}", $$"""{"N":{{number}}}"""));

    [Theory]
    [InlineData("""["a","b","c"]""", "[a b c]")]
    [InlineData("[]", "[]")]
    [InlineData("""{"b":2,"a":"x"}""", "map[a:x b:2]")]
    [InlineData("{}", "map[]")]
    [InlineData("""[[1,2],{"k":null},true,"s t"]""", "[[1 2] map[k:<nil>] true s t]")]
    [InlineData("""{"z":{"y":[1.5,"q"]},"B":null,"a":[]}""", "map[B:<nil> a:[] z:map[y:[1.5 q]]]")]
    public void Prints_collections_as_go_fmt_v_with_sorted_map_keys(string value, string expected) =>
        Assert.Equal(expected, Run("{{.V}}", $$"""{"V":{{value}}}"""));

    [Fact]
    public void Dot_is_the_whole_data() =>
        Assert.Equal("map[ID:1 Name:web]", Run("{{.}}", """{"Name":"web","ID":1}"""));

    [Fact]
    public void Dot_can_be_a_scalar() => Assert.Equal("hello", Run("{{.}}", "\"hello\""));

    [Fact]
    public void Dollar_is_the_root_inside_range() =>
        Assert.Equal("p-a p-b ", Run("{{range .L}}{{$.P}}-{{.}} {{end}}", """{"P":"p","L":["a","b"]}"""));

    [Fact]
    public void Variable_field_chains_resolve() =>
        Assert.Equal("x", Run("{{$a := .A}}{{$a.B}}", """{"A":{"B":"x"}}"""));

    [Fact]
    public void Parenthesised_pipeline_field_chain_resolves() =>
        Assert.Equal("second", Run("{{(index .Items 1).Name}}", """{"Items":[{"Name":"first"},{"Name":"second"}]}"""));

    [Fact]
    public void Text_outside_actions_is_kept_verbatim() =>
        Assert.Equal("a\\tb { } }} x", Run("a\\tb { } }} {{.X}}", """{"X":"x"}"""));
}
