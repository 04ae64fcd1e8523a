using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

public sealed class KubeLogFormatTests
{
    [Fact]
    public void TryParse_ConmonLine_WithNanosecondsAndOffset()
    {
        Assert.True(KubeLogFormat.TryParse("2024-03-01T10:20:30.123456789+02:00 stdout F hello world", out var record));

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 20, 30, TimeSpan.Zero).AddTicks(1234567), record.Time);
        Assert.Equal(LogStream.Stdout, record.Stream);
        Assert.Equal("hello world", record.Text);
        Assert.False(record.Partial);
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00.5Z stderr P half", LogStream.Stderr, "half", true)]
    [InlineData("2024-01-01T00:00:00Z stdout F ", LogStream.Stdout, "", false)]
    [InlineData("2024-01-01T00:00:00+00:00 stdout F", LogStream.Stdout, "", false)]
    [InlineData("2024-01-01T00:00:00.000000001Z stdout F  two  spaces ", LogStream.Stdout, " two  spaces ", false)]
    public void TryParse_Variants(string line, LogStream stream, string text, bool partial)
    {
        Assert.True(KubeLogFormat.TryParse(line, out var record));
        Assert.Equal((stream, text, partial), (record.Stream, record.Text, record.Partial));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("2024-01-01T00:00:00Z stdout")]
    [InlineData("2024-01-01T00:00:00Z stdin F text")]
    [InlineData("2024-01-01T00:00:00Z stdout X text")]
    [InlineData("2024-01-01T00:00:00Z stdout FF text")]
    [InlineData("yesterday stdout F text")]
    [InlineData("2024-01-01T00:00:00. stdout F text")]
    [InlineData("2024-13-01T00:00:00Z stdout F text")]
    public void TryParse_RejectsWhatIsNotARecord(string line) => Assert.False(KubeLogFormat.TryParse(line, out _));

    [Fact]
    public void Format_RoundTrips()
    {
        var record = new KubeLogRecord(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(42), LogStream.Stderr, "x y", Partial: true);

        var line = KubeLogFormat.Format(record);

        Assert.Equal("2024-01-02T03:04:05.000004200Z stderr P x y\n", line);
        Assert.True(KubeLogFormat.TryParse(line.TrimEnd('\n'), out var parsed));
        Assert.Equal(record, parsed);
    }
}
