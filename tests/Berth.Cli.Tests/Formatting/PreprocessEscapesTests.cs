using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

public class PreprocessEscapesTests
{
    [Theory]
    [InlineData("{{.ID}}\\t{{.Tag}}", "{{.ID}}\t{{.Tag}}")]
    [InlineData("a\\nb", "a\nb")]
    [InlineData("\\\\t", "\\\t")]
    [InlineData("\\r\\x\\u0041", "\\r\\x\\u0041")]
    [InlineData("{{\"\\t\"}}", "{{\"\t\"}}")]
    [InlineData("no escapes", "no escapes")]
    public void Only_backslash_t_and_n_are_expanded(string format, string expected) =>
        Assert.Equal(expected, GoTemplate.PreprocessEscapes(format));
}
