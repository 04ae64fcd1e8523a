using Berth.Dockerfile.Instructions;

namespace Berth.Dockerfile.Tests.Parsing;

public sealed class FormatParsersTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("2000us", 2)]
    [InlineData("+1s", 1000)]
    public void ParsesGoDurations(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("5x", "time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    public void RejectsBadDurationsWithGoMessages(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => GoDuration.Parse(text)).Message);

    [Theory]
    [InlineData("100", 100)]
    [InlineData("64m", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("512kb", 512L << 10)]
    [InlineData("2GiB", 2L << 30)]
    public void ParsesMemorySizes(string text, long bytes)
    {
        Assert.True(MemorySize.TryParse(text, out var actual));
        Assert.Equal(bytes, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12x")]
    [InlineData("-1m")]
    public void RejectsBadMemorySizes(string text) => Assert.False(MemorySize.TryParse(text, out _));

    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"a,b\",c", new[] { "a,b", "c" })]
    [InlineData("\"say \"\"hi\"\"\"", new[] { "say \"hi\"" })]
    [InlineData("a,,b", new[] { "a", "", "b" })]
    public void SplitsCsvRecords(string record, string[] fields) => Assert.Equal(fields, CsvFields.Split(record));

    [Theory]
    [InlineData("\"open")]
    [InlineData("a\"b")]
    public void RejectsMalformedCsv(string record) => Assert.Throws<FormatException>(() => CsvFields.Split(record));

    [Theory]
    [InlineData("RUNN", "RUN")]
    [InlineData("copyy", "copy")]
    [InlineData("Workdirr", "workdir")]
    [InlineData("XYZZY", null)]
    [InlineData("RUN", null)]
    public void SuggestsCloseKeywords(string value, string? suggestion) =>
        Assert.Equal(suggestion, Suggestions.Find(value, InstructionReader.Keywords, caseSensitive: false));
}
