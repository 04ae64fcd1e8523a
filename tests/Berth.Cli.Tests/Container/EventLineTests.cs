using Berth.Api.Models;
using Berth.Cli.Commands.Container;

namespace Berth.Cli.Tests.Container;

/// <summary>docker events' default line: RFC3339NanoFixed time, type, action, actor and sorted attributes.</summary>
public class EventLineTests
{
    private static EventMessage Message(long timeNano, long time = 0, Dictionary<string, string>? attributes = null) => new()
    {
        Type = "container",
        Action = "start",
        Actor = new EventActor { ID = "abc123", Attributes = attributes ?? new() { ["name"] = "web", ["image"] = "busybox" } },
        Time = time,
        TimeNano = timeNano,
    };

    [Fact]
    public void UtcLineAsDocker() =>
        Assert.Equal(
            "2026-01-02T03:04:05.123456789Z container start abc123 (image=busybox, name=web)",
            EventLine.Format(Message(1_767_323_045_123_456_789), TimeZoneInfo.Utc));

    [Fact]
    public void NanosecondsAreAlwaysNineDigits() =>
        Assert.Equal("2026-01-02T03:04:05.000000000Z", EventLine.Timestamp(1_767_323_045_000_000_000, TimeZoneInfo.Utc));

    [Fact]
    public void OffsetZoneWritesNumericOffset()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.Equal("2026-01-02T05:04:05.000000001+02:00", EventLine.Timestamp(1_767_323_045_000_000_001, zone));
    }

    [Fact]
    public void FallsBackToSecondsWithoutNanoseconds() =>
        Assert.StartsWith("2026-01-02T03:04:05.000000000Z container", EventLine.Format(Message(0, 1_767_323_045), TimeZoneInfo.Utc));

    [Fact]
    public void NoAttributesNoParentheses() =>
        Assert.Equal("container start abc123", EventLine.Format(Message(0, 0, []), TimeZoneInfo.Utc));
}
