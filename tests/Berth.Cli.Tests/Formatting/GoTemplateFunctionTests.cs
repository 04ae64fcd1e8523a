using static Berth.Cli.Tests.Formatting.TemplateTestData;

namespace Berth.Cli.Tests.Formatting;

public class GoTemplateFunctionTests
{
    private const string Data = """
        {"S":"Hello World","L":["a","b","c"],"N":5,"F":2.5,"Empty":"","Nil":null,
         "Labels":{"com.example.team":"db","maintainer":"me"},"Nets":{"bridge":{"IP":"10.0.0.2"}}}
        """;

    [Theory]
    [InlineData("{{index .Labels \"com.example.team\"}}", "db")]
    [InlineData("{{index .Labels \"absent\"}}", "")]
    [InlineData("{{index .Nil \"absent\"}}", "")]
    [InlineData("{{index .Nets \"absent\"}}", "<nil>")]
    [InlineData("{{(index .Nets \"bridge\").IP}}", "10.0.0.2")]
    [InlineData("{{index .L 1}}", "b")]
    [InlineData("{{index .L 0 | upper}}", "A")]
    [InlineData("{{index .S 0}}", "72")]
    [InlineData("{{index .}}", "map[Empty: F:2.5 L:[a b c] Labels:map[com.example.team:db maintainer:me] N:5 Nets:map[bridge:map[IP:10.0.0.2]] Nil:<nil> S:Hello World]")]
    public void Index(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{join .L \", \"}}", "a, b, c")]
    [InlineData("{{join .Nil \",\"}}", "")]
    [InlineData("{{join (split \"x:y:z\" \":\") \"-\"}}", "x-y-z")]
    [InlineData("{{split .S \" \"}}", "[Hello World]")]
    [InlineData("{{split \"a,,b\" \",\"}}", "[a  b]")]
    [InlineData("{{split \"\" \",\"}}", "[]")]
    [InlineData("{{len (split \"\" \",\")}}", "1")]
    [InlineData("{{split \"héj\" \"\"}}", "[h é j]")]
    [InlineData("{{index (split \"repo:tag\" \":\") 1}}", "tag")]
    [InlineData("{{json (split \"a,b\" \",\")}}", "[\"a\",\"b\"]")]
    public void Split_and_join(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{upper .S}}", "HELLO WORLD")]
    [InlineData("{{lower .S}}", "hello world")]
    [InlineData("{{title \"hello wide-world foo_bar x.y\"}}", "Hello Wide-World Foo_bar X.Y")]
    [InlineData("{{truncate .S 5}}", "Hello")]
    [InlineData("{{truncate .S 11}}", "Hello World")]
    [InlineData("{{truncate .S 50}}", "Hello World")]
    [InlineData("{{truncate \"héllo\" 2}}", "h")]
    [InlineData("{{truncate \"héllo\" 3}}", "hé")]
    [InlineData("[{{pad .S 1 2}}]", "[ Hello World  ]")]
    [InlineData("[{{pad .Empty 1 2}}]", "[]")]
    [InlineData("{{println .S}}", "Hello World\n")]
    [InlineData("{{println 1 2 \"x\"}}", "1 2 x\n")]
    [InlineData("{{println}}", "\n")]
    [InlineData("{{print 1 2 \"a\" \"b\" 3}}", "1 2ab3")]
    [InlineData("{{.S | upper}}", "HELLO WORLD")]
    [InlineData("{{.S | lower | upper}}", "HELLO WORLD")]
    [InlineData("{{.S | printf \"<%s>\"}}", "<Hello World>")]
    [InlineData("{{.S | printf \"%s-%s\" \"x\"}}", "x-Hello World")]
    public void String_functions(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{and 1 0}}", "0")]
    [InlineData("{{and 1 \"x\"}}", "x")]
    [InlineData("{{or 0 \"\" \"x\"}}", "x")]
    [InlineData("{{or 0 \"\"}}", "")]
    [InlineData("{{not .Empty}}", "true")]
    [InlineData("{{not .N}}", "false")]
    [InlineData("{{if and .Nil .Nil.X}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if or .N .Nil.X}}y{{end}}", "y")]
    public void Logic_short_circuits(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{eq .N 5}}", "true")]
    [InlineData("{{eq .N 5.0}}", "true")]
    [InlineData("{{eq .S \"x\" \"Hello World\"}}", "true")]
    [InlineData("{{eq .S \"x\" \"y\"}}", "false")]
    [InlineData("{{eq .Nil nil}}", "true")]
    [InlineData("{{eq .Missing \"x\"}}", "false")]
    [InlineData("{{ne .N 4}}", "true")]
    [InlineData("{{lt .N 6}}", "true")]
    [InlineData("{{le .N 5}}", "true")]
    [InlineData("{{gt .F 2}}", "true")]
    [InlineData("{{ge .N 6}}", "false")]
    [InlineData("{{lt \"abc\" \"abd\"}}", "true")]
    public void Comparisons(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{len .L}}", "3")]
    [InlineData("{{len .Labels}}", "2")]
    [InlineData("{{len \"héllo\"}}", "6")]
    [InlineData("{{len .Nil}}", "0")]
    public void Len(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{printf \"%s=%d\" .S .N}}", "Hello World=5")]
    [InlineData("{{printf \"%-6s|%6s|\" \"ab\" \"cd\"}}", "ab    |    cd|")]
    [InlineData("{{printf \"%05.1f\" 3.14159}}", "003.1")]
    [InlineData("{{printf \"%.2f%%\" .F}}", "2.50%")]
    [InlineData("{{printf \"%q\" .S}}", "\"Hello World\"")]
    [InlineData("{{printf \"%x %X %o %b\" 255 255 8 5}}", "ff FF 10 101")]
    [InlineData("{{printf \"%v\" .L}}", "[a b c]")]
    [InlineData("{{printf \"%s\" .L}}", "[a b c]")]
    [InlineData("{{printf \"%v\" .Labels}}", "map[com.example.team:db maintainer:me]")]
    [InlineData("{{printf \"%s\" .Labels}}", "map[com.example.team:db maintainer:me]")]
    [InlineData("{{printf \"%t\" true}}", "true")]
    [InlineData("{{printf \"%+d\" 5}}", "+5")]
    [InlineData("{{printf \"%e\" 1234.5678}}", "1.234568e+03")]
    [InlineData("{{printf \"%g\" 0.000012}}", "1.2e-05")]
    [InlineData("{{printf \"%.3s\" .S}}", "Hel")]
    [InlineData("{{printf \"%c\" 65}}", "A")]
    [InlineData("{{printf \"%s %s\" \"a\"}}", "a %!s(MISSING)")]
    [InlineData("{{printf \"%d\" \"x\"}}", "%!d(string=x)")]
    [InlineData("{{printf \"a\" 5}}", "a%!(EXTRA int=5)")]
    [InlineData("{{printf \"%s\" .Nil}}", "%!s(<nil>)")]
    [InlineData("{{printf \"%\"}}", "%!(NOVERB)")]
    public void Printf(string template, string expected) => Assert.Equal(expected, Run(template, Data));
}
