using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Parsing;

/// <summary>One parser directive as written at the top of the file (<c># syntax=docker/dockerfile:1</c>).</summary>
/// <param name="Name">Lower-cased: syntax, escape or check.</param>
internal sealed record ParserDirective(string Name, string Value, int Line);

/// <summary>The parser directives of a Dockerfile and the escape token they select.</summary>
internal sealed record ParserDirectives(IReadOnlyList<ParserDirective> All)
{
    [JsonIgnore]
    public string? Syntax => Find("syntax");

    /// <summary>The <c># escape=</c> value as written, null when absent (the token is then a backslash).</summary>
    [JsonIgnore]
    public string? Escape => Find("escape");

    /// <summary>The <c># check=</c> value (<c>skip=…;error=true</c>), passed through for the builder's linter.</summary>
    [JsonIgnore]
    public string? Check => Find("check");

    private string? Find(string name) => All.FirstOrDefault(d => d.Name == name)?.Value;
}
