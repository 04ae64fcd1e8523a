using static Berth.Cli.Tests.Formatting.TemplateTestData;

namespace Berth.Cli.Tests.Formatting;

public class GoTemplateJsonTests
{
    [Theory]
    [InlineData("""{"b":1,"a":"x"}""", """{"b":1,"a":"x"}""")]
    [InlineData("""{ "a" : [ 1 , 2 ] , "n" : null }""", """{"a":[1,2],"n":null}""")]
    [InlineData("""{"h":"<b>&amp;</b>"}""", """{"h":"<b>&amp;</b>"}""")]
    [InlineData("""{"e":"\u00e9\u65e5"}""", """{"e":"é日"}""")]
    [InlineData("""{"c":"\u0001\u001f\u007f"}""", "{\"c\":\"\\u0001\\u001f\u007f\"}")]
    [InlineData("""{"c":"\b\f\n\r\t\"\\\/"}""", """{"c":"\b\f\n\r\t\"\\/"}""")]
    [InlineData("""{"ls":"\u2028\u2029"}""", """{"ls":"\u2028\u2029"}""")]
    [InlineData("""{"f":1.50,"g":1e21,"h":0.00000015,"i":100.0,"j":1E2,"k":-0.0}""", """{"f":1.5,"g":1e+21,"h":1.5e-7,"i":100,"j":100,"k":-0}""")]
    [InlineData("""{"big":123456789012345678901234567890}""", """{"big":123456789012345678901234567890}""")]
    public void Json_of_dot_is_compact_go_json(string data, string expected) =>
        Assert.Equal(expected, Run("{{json .}}", data));

    [Theory]
    [InlineData("{{json .S}}", "\"x\\\"y\"")]
    [InlineData("{{json .N}}", "5")]
    [InlineData("{{json .B}}", "true")]
    [InlineData("{{json .Nil}}", "null")]
    [InlineData("{{json .Missing}}", "null")]
    [InlineData("{{json .L}}", "[\"a\",1]")]
    [InlineData("{{.L | json}}", "[\"a\",1]")]
    [InlineData("{{json .F}}", "0.1")]
    public void Json_of_fields(string template, string expected) =>
        Assert.Equal(expected, Run(template, """{"S":"x\"y","N":5,"B":true,"Nil":null,"L":["a",1],"F":0.1}"""));
}
